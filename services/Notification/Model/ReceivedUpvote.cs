using PapersPlatform.Messaging.Inbox;

namespace PapersPlatform.Notification.Model;

/// <summary>
/// One vote notification has heard of, so that grouped notifications count people with a vote,
/// not clicks, whatever order upvotes and withdrawals arrive in. The paper, the voter and the time
/// of the vote name it (a re-vote is a new vote). A withdrawal that overtook its upvote leaves a
/// withdrawn row with no recipient; the upvote arriving later finds it and tells nobody.
/// </summary>
public sealed class ReceivedUpvote
{
    public required string ArxivId { get; init; }
    public required string Voter { get; init; }
    public DateTimeOffset VotedAt { get; init; }
    /// <summary>The paper's submitter, who was told; null for a withdrawal heard before its upvote.</summary>
    public string? Recipient { get; init; }
    public DateTimeOffset? WithdrawnAt { get; set; }

    public static VoteKey KeyOf(ReceivedUpvote vote) => VoteKey.Of(vote.ArxivId, vote.Voter, vote.VotedAt);
}
