using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PapersPlatform.Gateway.Caching;
using PapersPlatform.Gateway.Proxy;
using PapersPlatform.Gateway.RateLimiting;
using PapersPlatform.Gateway.Security;
using PapersPlatform.Gateway.Session;
using PapersPlatform.ServiceDefaults;
using Yarp.ReverseProxy;

namespace PapersPlatform.Gateway.Extensions;

internal static class Extensions
{
    /// <summary>
    /// YARP routes and clusters come from the "ReverseProxy" configuration section (appsettings.json),
    /// with ProxyDefaults filling in what every route and cluster gets; each cluster's instances
    /// are found by service discovery, so no address of a service is written here.
    /// </summary>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        // "Gateway" settings can also come from a file of their own (a mounted ConfigMap, say) that
        // wins over everything else. The rate limits are read again whenever it changes; the
        // other settings when the gateway starts.
        if (builder.Configuration["Gateway:SettingsFile"] is { Length: > 0 } settingsFile)
        {
            builder.Configuration.AddJsonFile(settingsFile, optional: true, reloadOnChange: true);
        }
        var proxy = builder.Configuration.GetSection("ReverseProxy");
        builder.Services.Configure<ProxyOptions>(builder.Configuration.GetSection(ProxyOptions.Section));
        // A cluster's destination names its service ("http://catalogue"); .NET service discovery
        // turns that into every instance's address from "services:catalogue:http:0", ":1", …
        // (set by the AppHost, the test fixture, compose or the cluster manifests), and YARP
        // balances over them. An address that names no service is used as it is.
        builder.Services.AddServiceDiscovery();
        builder.Services.AddReverseProxy()
            .LoadFromConfig(proxy)
            .AddConfigFilter<ProxyDefaults>()
            .AddTransforms(SessionCookie.ForwardAsBearer)
            .AddServiceDiscoveryDestinationResolver();
        builder.Services.AddRequestTimeouts();
        builder.Services.AddGatewayRateLimiting(builder.Configuration);
        builder.Services.AddAnonymousReadCache(builder.Configuration);
        builder.Services.AddGatewaySecurityHeaders();
        // No "Server: Kestrel" on answers: nothing to tell a scanner which server to try.
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(options => options.AddServerHeader = false);

        // The gateway faces the public: it believes X-Forwarded-* only from proxies it is told to trust.
        builder.Services.Configure<ForwardedHeadersOptions>(options => TrustedProxies.Configure(options, builder.Configuration, trustLoopbackByDefault: false));

        // The web page's session cookie counts as a bearer token here (see SessionCookie).
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, SessionCookie.ReadFromCookie);
        builder.Services.AddSingleton<ClusterDestinations>();
        builder.Services.AddSingleton<ServiceCalls>();
        builder.Services.AddHttpClient(ServiceCalls.ClientName);
        builder.Services.AddValidation();

        // One entry per service, from YARP's own health checks: a sick service makes the gateway
        // Degraded (still 200), never unready as a whole.
        var health = builder.Services.AddHealthChecks();
        foreach (var cluster in proxy.GetSection("Clusters").GetChildren())
        {
            var clusterId = cluster.Key;
            health.Add(new HealthCheckRegistration(clusterId,
                services => new ClusterHealthCheck(services.GetRequiredService<IProxyStateLookup>(), clusterId), HealthStatus.Degraded, tags: null));
        }
        return builder;
    }
}
