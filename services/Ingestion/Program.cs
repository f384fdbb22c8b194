using PapersPlatform.Ingestion.Apis;
using PapersPlatform.Ingestion.Extensions;
using PapersPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapSubmissionsApi();
app.MapImportApi();

app.Run();
