using PapersPlatform.Trending.Scoring;

namespace PapersPlatform.Trending.Model;

/// <summary>A paper's standing: its score (see <c>Scoring.TrendingScore</c>) and the inputs behind it.</summary>
public sealed class TrendingPaper
{
    public required string ArxivId { get; init; }
    public required string Title { get; init; }
    public DateTimeOffset SubmittedAt { get; init; }
    public int Upvotes { get; set; }
    public double Score { get; set; }
    public DateTimeOffset? LastVotedAt { get; set; }

    /// <summary>Counts the changes of <see cref="Score"/>, so that copies elsewhere keep the newest.</summary>
    public long Version { get; set; }

    /// <summary>A paper with no votes yet: its submission is its only weight.</summary>
    public static TrendingPaper Submitted(string arxivId, string title, DateTimeOffset submittedAt) => new()
    {
        ArxivId = arxivId,
        Title = title,
        SubmittedAt = submittedAt,
        Score = TrendingScore.ForSubmission(submittedAt),
    };
}
