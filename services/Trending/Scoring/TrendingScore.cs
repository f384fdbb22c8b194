namespace PapersPlatform.Trending.Scoring;

/// <summary>
/// Time-decayed popularity without recomputation. Every vote adds a weight that grows
/// exponentially with the moment it was cast, w = e^((t − epoch)/τ), and a paper's score is the
/// logarithm of its weights' sum. Because every paper's weights would decay by the same factor as
/// time passes, the order of two stored scores never changes on its own: a vote touches one row
/// and an index on the score keeps the ranking (the idea behind Reddit's "hot"). The submission
/// itself counts as one vote at submission time, so a new paper starts level with an old paper
/// that got one vote today.
/// </summary>
public static class TrendingScore
{
    /// <summary>A vote counts half after a day: today's votes beat last month's.</summary>
    public static readonly TimeSpan HalfLife = TimeSpan.FromHours(24);

    private static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly double TauSeconds = HalfLife.TotalSeconds / Math.Log(2);

    /// <summary>The score of a paper just submitted, with no votes yet.</summary>
    public static double ForSubmission(DateTimeOffset submittedAt) => LogWeight(submittedAt);

    public static double AddVote(double score, DateTimeOffset votedAt) => LogAddExp(score, LogWeight(votedAt));

    /// <summary>
    /// The score of a paper with exactly these votes, computed afresh: what a withdrawal leaves.
    /// Subtracting the withdrawn weight instead would lose all precision when that vote was most of
    /// the paper's weight (a fresh vote on an older paper), and is wrong when it was never added.
    /// </summary>
    public static double Of(DateTimeOffset submittedAt, IEnumerable<DateTimeOffset> votes) => Of(ForSubmission(submittedAt), votes);

    /// <summary>A score that already stands for some weight (<paramref name="baseScore"/>) plus these votes.</summary>
    public static double Of(double baseScore, IEnumerable<DateTimeOffset> votes)
    {
        var weights = votes.Select(LogWeight).Append(baseScore).ToList();
        var largest = weights.Max();
        return largest + Math.Log(weights.Sum(weight => Math.Exp(weight - largest)));
    }

    /// <summary>
    /// Takes one vote's weight out of a score in the log domain: only for votes counted before the
    /// ledger, which cannot be recomputed. Loses precision when the vote was most of the weight.
    /// </summary>
    public static double RemoveVote(double score, DateTimeOffset votedAt)
    {
        var remaining = 1 - Math.Exp(LogWeight(votedAt) - score);
        // Removing all there was leaves (almost) nothing, never NaN.
        return remaining > 1e-12 ? score + Math.Log(remaining) : score + Math.Log(1e-12);
    }

    /// <summary>The decayed vote count the score stands for at <paramref name="now"/>: what people are shown.</summary>
    public static double ValueAt(double score, DateTimeOffset now) => Math.Exp(score - LogWeight(now));

    private static double LogWeight(DateTimeOffset at) => (at - Epoch).TotalSeconds / TauSeconds;

    // ln(e^a + e^b) without overflow: the weights themselves exceed double range after a few years.
    private static double LogAddExp(double a, double b) =>
        Math.Max(a, b) + Math.Log(1 + Math.Exp(-Math.Abs(a - b)));
}
