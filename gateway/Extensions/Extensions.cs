using Microsoft.AspNetCore.Authentication.JwtBearer;
using PapersPlatform.Gateway.Session;

namespace PapersPlatform.Gateway.Extensions;

internal static class Extensions
{
    /// <summary>
    /// YARP routes and clusters come from the "ReverseProxy" configuration section (appsettings.json);
    /// only destination addresses change between a local run, the tests and compose.
    /// </summary>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        var proxy = builder.Configuration.GetSection("ReverseProxy");
        builder.Services.AddReverseProxy().LoadFromConfig(proxy).AddTransforms(SessionCookie.ForwardAsBearer);

        // The web page's session cookie counts as a bearer token here (see SessionCookie).
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, SessionCookie.ReadFromCookie);
        var accounts = proxy.GetSection("Clusters:accounts:Destinations").GetChildren().First()["Address"]!;
        builder.Services.AddHttpClient(SessionApi.AccountsClient, client => client.BaseAddress = new Uri(accounts));
        builder.Services.AddValidation();

        // The gateway is ready only when every service behind it is: one check per cluster,
        // against that service's own /health.
        var health = builder.Services.AddHealthChecks();
        foreach (var cluster in proxy.GetSection("Clusters").GetChildren())
        {
            var address = cluster.GetSection("Destinations").GetChildren().First()["Address"]!;
            health.AddUrlGroup(new Uri(new Uri(address), "/health"), name: cluster.Key, timeout: TimeSpan.FromSeconds(5));
        }
        return builder;
    }
}
