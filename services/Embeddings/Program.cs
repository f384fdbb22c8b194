using PapersPlatform.Embeddings.Apis;
using PapersPlatform.Embeddings.Extensions;
using PapersPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapRelatedPapersApi();

app.Run();
