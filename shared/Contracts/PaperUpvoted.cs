namespace PapersPlatform.Contracts;

/// <summary>
/// A user's upvote was counted. Carries the paper's title, submitter and submission time so that
/// consumers (trending, notification) need no call back to the catalogue.
/// </summary>
public sealed record PaperUpvoted(
    string ArxivId,
    string Title,
    string SubmittedBy,
    DateTimeOffset SubmittedAt,
    string VotedBy,
    int Upvotes,
    DateTimeOffset VotedAt);
