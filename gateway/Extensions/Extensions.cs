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
        builder.Services.AddReverseProxy().LoadFromConfig(proxy);

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
