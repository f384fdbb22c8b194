namespace PapersPlatform.Gateway.Proxy;

/// <summary>
/// What every route and cluster gets unless its own configuration says otherwise
/// (configuration section <c>Gateway:Proxy</c>; see docs/gateway.md).
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Gateway:Proxy";

    /// <summary>A route that names no timeout gets this one (answered 504 when it passes).</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A route that names no body limit gets this one: the anonymous JSON bodies are small.</summary>
    public long DefaultMaxRequestBodySize { get; set; } = 16 * 1024;

    /// <summary>How often each destination's /alive is asked, and how long it may take to answer.</summary>
    public TimeSpan HealthProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan HealthProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>After this long, a destination ejected for failed requests gets traffic again (if its probes pass).</summary>
    public TimeSpan EjectionPeriod { get; set; } = TimeSpan.FromSeconds(30);
}
