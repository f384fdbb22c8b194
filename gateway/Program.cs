using PapersPlatform.Gateway.Extensions;
using PapersPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapReverseProxy();
app.MapApiReference();

app.Run();
