namespace PapersPlatform.Notification.Model;

/// <summary>
/// What a digest needs to know of a paper: kept from <c>PaperPublished</c> and the trending
/// service's <c>TrendingScoreChanged</c>, so composing a digest calls no other service.
/// </summary>
public sealed class DigestPaper
{
    public required string ArxivId { get; init; }
    public required string Title { get; init; }
    public required List<string> Authors { get; init; }
    public DateTimeOffset SubmittedAt { get; init; }
    public double? Score { get; set; }
    public long ScoreVersion { get; set; }
}
