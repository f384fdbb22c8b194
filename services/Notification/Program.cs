using PapersPlatform.Notification.Apis;
using PapersPlatform.Notification.Extensions;
using PapersPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapNotificationsApi();
app.MapSubscriptionsApi();
app.MapUnsubscribeApi();
app.MapConfirmAddressApi();

app.Run();
