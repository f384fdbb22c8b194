using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;

namespace PapersPlatform.ServiceDefaults;

/// <summary>
/// Which proxies may tell a process who the client is (X-Forwarded-For, -Proto, -Host). Nobody
/// else can: a client that writes those headers itself is not believed, so it cannot pick its own
/// address to escape a rate limit or pretend to have come over HTTPS.
/// </summary>
public static class TrustedProxies
{
    /// <summary>Configuration: <c>ForwardedHeaders:TrustedProxies</c> (addresses) and <c>TrustedNetworks</c> (CIDR).</summary>
    public const string Section = "ForwardedHeaders";

    /// <param name="trustLoopbackByDefault">
    /// Services sit behind the gateway, which is on loopback in a local run: they trust loopback
    /// unless told otherwise. The gateway faces the public and trusts no proxy it was not told about.
    /// </param>
    public static void Configure(ForwardedHeadersOptions options, IConfiguration configuration, bool trustLoopbackByDefault)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        var section = configuration.GetSection(Section);
        var proxies = section.GetSection("TrustedProxies").Get<string[]>() ?? [];
        var networks = section.GetSection("TrustedNetworks").Get<string[]>() ?? [];
        if (proxies.Length == 0 && networks.Length == 0)
        {
            if (!trustLoopbackByDefault)
            {
                // Not "empty lists": the middleware takes those to mean every proxy is trusted.
                options.ForwardedHeaders = ForwardedHeaders.None;
            }
            return; // otherwise the framework's default: loopback only
        }
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }
        foreach (var network in networks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }
    }
}
