namespace PapersPlatform.Catalogue.Model;

/// <summary>The catalogue's read model of a published paper, with its vote count.</summary>
public sealed class Paper
{
    public required string ArxivId { get; init; }
    public required string Title { get; init; }
    public required string Abstract { get; init; }
    public required List<string> Authors { get; init; }
    public string? Organization { get; init; }
    public DateTimeOffset PublishedAt { get; init; }
    public DateTimeOffset SubmittedAt { get; init; }
    public required string SubmittedBy { get; init; }
    public string? CodeUrl { get; init; }
    public string? ProjectUrl { get; init; }
    public int Upvotes { get; set; }

    /// <summary>
    /// The trending service's time-invariant score (a log-domain sum of decayed votes), copied here
    /// from its <c>TrendingScoreChanged</c> messages so that <c>sort=trending</c> is an index walk
    /// rather than a call per paper. 0 until the first message arrives: such papers sort last.
    /// </summary>
    public double TrendingScore { get; set; }

    /// <summary>The trending service's version of <see cref="TrendingScore"/>: older messages never overwrite newer ones.</summary>
    public long TrendingVersion { get; set; }
}
