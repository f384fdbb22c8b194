using PapersPlatform.Messaging.Inbox;

namespace PapersPlatform.Trending.Model;

/// <summary>
/// One vote as trending has heard of it: cast at <see cref="VotedAt"/> (which, with the paper and
/// the voter, names it: a re-vote is a new vote) and, once its withdrawal has arrived, withdrawn.
/// The ledger makes upvotes and withdrawals commute: a withdrawal that overtakes its upvote
/// leaves a withdrawn row, and the upvote arriving later finds it and adds nothing.
/// </summary>
public sealed class TrendingVote
{
    public required string ArxivId { get; init; }
    public required string Voter { get; init; }
    public DateTimeOffset VotedAt { get; init; }
    public DateTimeOffset? WithdrawnAt { get; set; }

    public static VoteKey KeyOf(TrendingVote vote) => VoteKey.Of(vote.ArxivId, vote.Voter, vote.VotedAt);
}
