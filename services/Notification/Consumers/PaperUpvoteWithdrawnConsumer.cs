using MassTransit;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.Notification.Model;
using PapersPlatform.Notification.Notifications;

namespace PapersPlatform.Notification.Consumers;

/// <summary>
/// Takes withdrawn votes out of their groups' notifications: the count drops, and a notification
/// no one's vote stands behind any more is removed. Quietly: it does not move up or become unread.
/// A batch is one transaction; each group is recounted once.
/// </summary>
public sealed class PaperUpvoteWithdrawnConsumer(NotificationDbContext db) : IConsumer<Batch<PaperUpvoteWithdrawn>>
{
    public Task Consume(ConsumeContext<Batch<PaperUpvoteWithdrawn>> context) =>
        db.ConsumeBatchOnceAsync(context, nameof(PaperUpvoteWithdrawnConsumer), async (delivered, cancellationToken) =>
        {
            var withdrawals = delivered.Select(withdrawal => withdrawal.Message).ToList();
            await db.LockGroupsAsync(withdrawals.Select(withdrawal => UpvoteGroup.Of(withdrawal.ArxivId, withdrawal.VotedAt)), cancellationToken);
            var received = await db.VoteRowsOfAsync<ReceivedUpvote>(withdrawals.Select(withdrawal => VoteKey.Of(withdrawal.ArxivId, withdrawal.VotedBy, withdrawal.VotedAt)), ReceivedUpvote.KeyOf, cancellationToken);
            var changedGroups = new Dictionary<string, (UpvoteGroup Group, string Recipient)>();
            foreach (var message in withdrawals)
            {
                var key = VoteKey.Of(message.ArxivId, message.VotedBy, message.VotedAt);
                if (!received.TryGetValue(key, out var vote))
                {
                    // Before its upvote (or of the submitter's own vote, which told nobody).
                    received[key] = db.ReceivedUpvotes.Add(new ReceivedUpvote { ArxivId = message.ArxivId, Voter = message.VotedBy, VotedAt = message.VotedAt, WithdrawnAt = message.WithdrawnAt }).Entity;
                    continue;
                }
                if (vote.WithdrawnAt is not null || vote.Recipient is null)
                {
                    continue;
                }
                vote.WithdrawnAt = message.WithdrawnAt;
                var group = UpvoteGroup.Of(message.ArxivId, message.VotedAt);
                changedGroups.TryAdd(group.Key, (group, vote.Recipient));
            }
            await db.SaveChangesAsync(cancellationToken);

            foreach (var (group, recipient) in changedGroups.Values)
            {
                var notification = await db.Notifications.SingleOrDefaultAsync(
                    notification => notification.Recipient == recipient && notification.GroupKey == group.Key, cancellationToken);
                if (notification is null)
                {
                    continue;
                }
                var voters = await db.CurrentVotersAsync(group, cancellationToken);
                if (voters.Count == 0)
                {
                    db.Notifications.Remove(notification);
                }
                else
                {
                    notification.Count = voters.Count;
                    notification.Message = UpvoteGroup.Message(notification.Title, voters);
                }
            }
        });
}
