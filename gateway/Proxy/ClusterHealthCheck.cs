using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace PapersPlatform.Gateway.Proxy;

/// <summary>
/// One entry per service in the gateway's /health, read from what YARP's health checks already
/// know (no second round of probes). A service with no instance answering makes the gateway
/// Degraded, still 200: the rest of the site works, and the gateway must not be taken out of a
/// load balancer for one sick service.
/// </summary>
internal sealed class ClusterHealthCheck(IProxyStateLookup proxy, string clusterId) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!proxy.TryGetCluster(clusterId, out var cluster))
        {
            return Task.FromResult(HealthCheckResult.Degraded("Not configured."));
        }
        var all = cluster.DestinationsState.AllDestinations;
        var answering = all.Count(destination => destination.Health.Active == DestinationHealth.Healthy && destination.Health.Passive != DestinationHealth.Unhealthy);
        var description = $"{answering} of {all.Count} instances answering.";
        return Task.FromResult(answering == all.Count ? HealthCheckResult.Healthy(description) : HealthCheckResult.Degraded(description));
    }
}
