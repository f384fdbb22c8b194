namespace PapersPlatform.Contracts;

/// <summary>
/// A user took back an upvote that had been counted. <paramref name="VotedAt"/> is when the
/// withdrawn vote was cast, so that time-weighted scores can subtract exactly what it added.
/// </summary>
public sealed record PaperUpvoteWithdrawn(
    string ArxivId,
    string VotedBy,
    int Upvotes,
    DateTimeOffset VotedAt,
    DateTimeOffset WithdrawnAt);
