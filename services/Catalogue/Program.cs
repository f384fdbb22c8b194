using PapersPlatform.Catalogue.Apis;
using PapersPlatform.Catalogue.Extensions;
using PapersPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapPapersApi();
app.MapUpvotesApi();

app.Run();
