using PapersPlatform.Gateway.Extensions;
using PapersPlatform.Gateway.Session;
using PapersPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapReverseProxy();
app.MapApiReference();
app.MapSessionApi();
app.MapWebPages();

app.Run();
