using PapersPlatform.ServiceDefaults;
using PapersPlatform.Trending.Apis;
using PapersPlatform.Trending.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapTrendingApi();

app.Run();
