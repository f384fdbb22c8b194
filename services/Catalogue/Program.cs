using PapersPlatform.Catalogue.Apis;
using PapersPlatform.Catalogue.Extensions;
using PapersPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseOutputCache();
app.MapPapersApi();
app.MapUpvotesApi();
app.MapFeedsApi();

app.Run();
