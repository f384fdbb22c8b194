namespace PapersPlatform.Notification.Model;

/// <summary>
/// A paper's trending score that arrived before the paper itself (a big import, this service
/// restarting): kept, newest version only, until the paper's <c>PaperPublished</c> takes it over.
/// </summary>
public sealed class EarlyTrendingScore
{
    public required string ArxivId { get; init; }
    public double Score { get; set; }
    public long Version { get; set; }
}
