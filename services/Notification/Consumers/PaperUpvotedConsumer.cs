using MassTransit;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.Notification.Model;
using PapersPlatform.Notification.Notifications;

namespace PapersPlatform.Notification.Consumers;

/// <summary>
/// Tells a paper's submitter that people upvoted it, one notification per paper and hour that
/// counts them. A batch of votes is one transaction, and each group's notification is written
/// once per batch however many of its votes the batch holds.
/// </summary>
public sealed class PaperUpvotedConsumer(NotificationDbContext db, TimeProvider clock) : IConsumer<Batch<PaperUpvoted>>
{
    public Task Consume(ConsumeContext<Batch<PaperUpvoted>> context) =>
        db.ConsumeBatchOnceAsync(context, nameof(PaperUpvotedConsumer), async (delivered, cancellationToken) =>
        {
            // Nobody needs telling about their own vote.
            var votes = delivered.Where(vote => !string.Equals(vote.Message.VotedBy, vote.Message.SubmittedBy, StringComparison.OrdinalIgnoreCase)).ToList();
            if (votes.Count == 0)
            {
                return;
            }
            // The hour each vote was cast in, so that a redelivery lands in the same group.
            await db.LockGroupsAsync(votes.Select(vote => UpvoteGroup.Of(vote.Message.ArxivId, vote.Message.VotedAt)), cancellationToken);
            var received = await db.VoteRowsOfAsync<ReceivedUpvote>(votes.Select(vote => VoteKey.Of(vote.Message.ArxivId, vote.Message.VotedBy, vote.Message.VotedAt)), ReceivedUpvote.KeyOf, cancellationToken);
            var changedGroups = new Dictionary<string, (UpvoteGroup Group, ConsumeContext<PaperUpvoted> First)>();
            foreach (var vote in votes)
            {
                var message = vote.Message;
                var key = VoteKey.Of(message.ArxivId, message.VotedBy, message.VotedAt);
                if (received.ContainsKey(key))
                {
                    continue; // its withdrawal overtook it: nobody is told of a vote already taken back
                }
                received[key] = db.ReceivedUpvotes.Add(new ReceivedUpvote { ArxivId = message.ArxivId, Voter = message.VotedBy, VotedAt = message.VotedAt, Recipient = message.SubmittedBy }).Entity;
                var group = UpvoteGroup.Of(message.ArxivId, message.VotedAt);
                changedGroups.TryAdd(group.Key, (group, vote));
            }
            await db.SaveChangesAsync(cancellationToken);

            // Each notification takes a sequence from its recipient's stream row: lock those rows
            // first, in the order the keyword consumer takes them, so no two writers cross.
            await db.LockStreamsAsync(changedGroups.Values.Select(changed => changed.First.Message.SubmittedBy), cancellationToken);
            foreach (var (group, first) in changedGroups.Values.OrderBy(changed => changed.First.Message.SubmittedBy, StringComparer.Ordinal))
            {
                var voters = await db.CurrentVotersAsync(group, cancellationToken);
                await db.SaveNotificationAsync(new UserNotification
                {
                    Recipient = first.Message.SubmittedBy,
                    Kind = NotificationKinds.Upvote,
                    ArxivId = first.Message.ArxivId,
                    Title = first.Message.Title,
                    Message = UpvoteGroup.Message(first.Message.Title, voters),
                    Count = voters.Count,
                    ChangedAt = clock.GetUtcNow(),
                    SourceMessageId = first.MessageId!.Value,
                    GroupKey = group.Key,
                }, cancellationToken);
            }
        });
}
