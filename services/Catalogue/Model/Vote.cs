namespace PapersPlatform.Catalogue.Model;

/// <summary>One user's upvote of one paper: the ledger the count is kept against.</summary>
public sealed class Vote
{
    public required string ArxivId { get; init; }
    public required string UserName { get; init; }
    public DateTimeOffset VotedAt { get; init; }
}
