using PapersPlatform.Trending.Scoring;

namespace PapersPlatform.Trending.Model;

/// <summary>A paper's standing: its score (see <c>Scoring.TrendingScore</c>) and the inputs behind it.</summary>
public sealed class TrendingPaper
{
    public required string ArxivId { get; init; }
    public required string Title { get; init; }
    public DateTimeOffset SubmittedAt { get; init; }
    public string SubmittedBy { get; init; } = "";
    public int Upvotes { get; set; }
    public double Score { get; set; }
    public DateTimeOffset? LastVotedAt { get; set; }

    /// <summary>Counts the changes of <see cref="Score"/>, so that copies elsewhere keep the newest.</summary>
    public long Version { get; set; }

    /// <summary>
    /// The version of the score last put in the outbox for the other services' copies; behind
    /// <see cref="Version"/> until <see cref="Announcements.ScoreAnnouncer"/> announces it.
    /// </summary>
    public long AnnouncedVersion { get; set; }

    /// <summary>
    /// Votes counted before trending kept a ledger of votes (see <see cref="TrendingVote"/>): how
    /// many, and the score they and the submission made. A recomputation starts from that score,
    /// and a withdrawal of such a vote (cast before <see cref="LedgerSince"/>) comes out of it.
    /// </summary>
    public int LegacyUpvotes { get; set; }
    public double? LegacyScore { get; set; }
    public DateTimeOffset? LedgerSince { get; set; }

    /// <summary>When the paper entered the day's top list and <c>PaperEnteredTrending</c> was published; never twice.</summary>
    public DateTimeOffset? AnnouncedTrendingAt { get; set; }

    /// <summary>
    /// Records that the score changed. <see cref="Announcements.ScoreAnnouncer"/> announces it to
    /// the other services' copies within a moment, once for however many changes came meanwhile:
    /// the copies only ever keep the newest version.
    /// </summary>
    public void ScoreChanged() => Version++;

    /// <summary>A paper with no votes yet: its submission is its only weight.</summary>
    public static TrendingPaper Submitted(string arxivId, string title, string submittedBy, DateTimeOffset submittedAt) => new()
    {
        ArxivId = arxivId,
        Title = title,
        SubmittedBy = submittedBy,
        SubmittedAt = submittedAt,
        Score = TrendingScore.ForSubmission(submittedAt),
    };
}
