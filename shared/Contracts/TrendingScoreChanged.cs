namespace PapersPlatform.Contracts;

/// <summary>
/// The trending service rescored a paper. <paramref name="Score"/> is time-invariant (a log-domain
/// sum of exponentially growing vote weights), so ordering by the last value received stays right
/// as time passes. <paramref name="Version"/> increases with every change of that paper: a
/// consumer keeps the highest it has seen, whatever order messages arrive in.
/// </summary>
public sealed record TrendingScoreChanged(string ArxivId, double Score, long Version, DateTimeOffset ChangedAt);
