using Yarp.ReverseProxy;

namespace PapersPlatform.Gateway.Proxy;

/// <summary>
/// The gateway's own calls to a service (sign-in, the paper page) go where YARP would send a
/// proxied request: to one of the cluster's destinations that its health checks let through.
/// </summary>
internal sealed class ClusterDestinations(IProxyStateLookup proxy)
{
    /// <summary>The address of a random healthy instance of the service, or null when none is.</summary>
    public Uri? Pick(string clusterId)
    {
        if (!proxy.TryGetCluster(clusterId, out var cluster) || cluster.DestinationsState.AvailableDestinations is not { Count: > 0 } available)
        {
            return null;
        }
        return new Uri(available[Random.Shared.Next(available.Count)].Model.Config.Address);
    }
}
