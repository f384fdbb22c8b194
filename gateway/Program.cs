using PapersPlatform.Gateway.Extensions;
using PapersPlatform.Gateway.PaperPages;
using PapersPlatform.Gateway.Proxy;
using PapersPlatform.Gateway.RateLimiting;
using PapersPlatform.Gateway.Security;
using PapersPlatform.Gateway.Session;
using PapersPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();

// Order matters: who the client is (forwarded headers, authentication, in the defaults) before
// anything counts or caches by it; security headers on every answer, errors and 401s included.
app.MapDefaultEndpoints(onEveryAnswer: app => app.UseSecurityHeaders());
app.UseCrossSiteRequestGuard();
app.UseRequestTimeouts();
app.UseRateLimiter();
app.UseMiddleware<SignInThrottle>();
app.UseOutputCache();

app.MapGatewayProxy();
app.MapPaperPageApi();
app.MapApiReference();
app.MapSessionApi();
app.MapWebPages();

app.Run();
