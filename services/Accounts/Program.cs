using PapersPlatform.Accounts.Apis;
using PapersPlatform.Accounts.Extensions;
using PapersPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapAccountsApi();
app.MapSigningKeysApi();

app.Run();
