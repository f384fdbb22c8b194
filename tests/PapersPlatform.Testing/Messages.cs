namespace PapersPlatform.Testing;

/// <summary>
/// Hand-made message bodies, as the producers' relays publish them (web JSON of the contracts),
/// for tests that deliver messages straight to a consumer's queue.
/// </summary>
public static class Messages
{
    public static object Published(string arxivId, DateTimeOffset submittedAt, string submittedBy = "submitter", string? title = null) => new
    {
        arxivId,
        title = title ?? $"Paper {arxivId}",
        @abstract = $"The abstract of {arxivId}.",
        authors = new[] { "Ada Lovelace" },
        organization = (string?)null,
        publishedAt = submittedAt.AddDays(-1),
        submittedAt,
        submittedBy,
        codeUrl = (string?)null,
        projectUrl = (string?)null,
    };

    public static object Upvoted(string arxivId, string voter, DateTimeOffset votedAt, DateTimeOffset submittedAt, string submittedBy = "submitter", int upvotes = 1) => new
    {
        arxivId,
        title = $"Paper {arxivId}",
        submittedBy,
        submittedAt,
        votedBy = voter,
        upvotes,
        votedAt,
    };

    public static object Withdrawn(string arxivId, string voter, DateTimeOffset votedAt, DateTimeOffset withdrawnAt, int upvotes = 0) => new
    {
        arxivId,
        votedBy = voter,
        upvotes,
        votedAt,
        withdrawnAt,
    };

    public static object ScoreChanged(string arxivId, double score, long version) => new
    {
        arxivId,
        score,
        version,
        changedAt = DateTimeOffset.UtcNow,
    };

    /// <summary>A time as PostgreSQL stores it (microseconds), so that a value read back compares equal.</summary>
    public static DateTimeOffset Microseconds(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);
}
