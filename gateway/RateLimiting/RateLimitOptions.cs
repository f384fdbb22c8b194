namespace PapersPlatform.Gateway.RateLimiting;

/// <summary>
/// How much one client may do (configuration section <c>Gateway:RateLimits</c>, reloaded without a
/// restart). The defaults suit a public site; docs/gateway.md says why each is what it is.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Gateway:RateLimits";

    /// <summary>false turns every limit off: only for measuring what they cost (deploy/benchmark.sh gateway).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>GETs of papers, listings, search, trending, feeds: per user signed in, per address otherwise.</summary>
    public WindowLimit Reads { get; set; } = new() { PermitLimit = 600, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Votes, submissions, subscription changes: per user (per address for the anonymous unsubscribe).</summary>
    public WindowLimit Writes { get; set; } = new() { PermitLimit = 120, Window = TimeSpan.FromMinutes(1) };

    /// <summary>New accounts per address: mass sign-up.</summary>
    public WindowLimit Registrations { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromHours(1) };

    /// <summary>Sign-in attempts per address, right or wrong.</summary>
    public WindowLimit SignIns { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Wrong passwords for one account, from anywhere: one password guessed from many addresses.</summary>
    public WindowLimit FailedSignInsPerAccount { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(15) };

    /// <summary>Wrong passwords from one address, for any accounts: many accounts tried from one place.</summary>
    public WindowLimit FailedSignInsPerAddress { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(15) };

    /// <summary>Live notification streams one user may hold open at once.</summary>
    public int StreamsPerUser { get; set; } = 4;
}

/// <summary>At most <see cref="PermitLimit"/> requests in each fixed <see cref="Window"/>.</summary>
public sealed class WindowLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }

    /// <summary>
    /// Part of every partition key: after a reload that changes the limit, clients are counted in
    /// a fresh window under the new one (the old partitions idle out).
    /// </summary>
    public override string ToString() => $"{PermitLimit}/{Window}";
}
