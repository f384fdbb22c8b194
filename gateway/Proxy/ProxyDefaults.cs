using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;

namespace PapersPlatform.Gateway.Proxy;

/// <summary>
/// Fills in, for every route and cluster of the "ReverseProxy" configuration, what the gateway
/// wants everywhere, so that appsettings.json only states what differs per route: a timeout and a
/// body limit on each route; on each cluster, balancing over all its destinations and both kinds
/// of health check.
/// </summary>
internal sealed class ProxyDefaults(IOptionsMonitor<ProxyOptions> options) : IProxyConfigFilter
{
    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel)
    {
        var defaults = options.CurrentValue;
        return ValueTask.FromResult(route with
        {
            // A route with a named policy ("Disable" for streams) keeps it: YARP refuses both at once.
            Timeout = route.Timeout ?? (route.TimeoutPolicy is null ? defaults.DefaultTimeout : null),
            MaxRequestBodySize = route.MaxRequestBodySize ?? defaults.DefaultMaxRequestBodySize,
        });
    }

    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel)
    {
        var defaults = options.CurrentValue;
        return ValueTask.FromResult(cluster with
        {
            // Two random destinations, the one with fewer requests in flight wins: spreads load
            // by how busy each instance really is, with no shared counter and nothing sticky.
            LoadBalancingPolicy = cluster.LoadBalancingPolicy ?? LoadBalancingPolicies.PowerOfTwoChoices,
            HealthCheck = cluster.HealthCheck ?? new HealthCheckConfig
            {
                // Active: /alive, the process answers. Not /health: a service whose database is
                // away still answers its own 503s, which say more than the gateway could.
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = defaults.HealthProbeInterval,
                    Timeout = defaults.HealthProbeTimeout,
                    Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                    Path = "/alive",
                },
                // Passive (the circuit breaker): requests that cannot reach a destination eject it.
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = true,
                    Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                    ReactivationPeriod = defaults.EjectionPeriod,
                },
                AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyAndUnknown,
            },
        });
    }
}
