using MassTransit;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.Notification.Model;
using PapersPlatform.Notification.Notifications;

namespace PapersPlatform.Notification.Consumers;

/// <summary>
/// Takes a withdrawn vote out of its group's notification: the count drops, and a notification
/// no one's vote stands behind any more is removed. Quietly: it does not move up or become unread.
/// </summary>
public sealed class PaperUpvoteWithdrawnConsumer(NotificationDbContext db) : IConsumer<PaperUpvoteWithdrawn>
{
    public Task Consume(ConsumeContext<PaperUpvoteWithdrawn> context) =>
        db.ConsumeOnceAsync(context, nameof(PaperUpvoteWithdrawnConsumer), async cancellationToken =>
        {
            var message = context.Message;
            var group = UpvoteGroup.Of(message.ArxivId, message.VotedAt);
            await db.LockGroupAsync(group, cancellationToken);
            var vote = await db.ReceivedUpvotes.FindAsync([message.ArxivId, message.VotedBy, message.VotedAt], cancellationToken);
            if (vote is null)
            {
                // Before its upvote (or of the submitter's own vote, which told nobody).
                db.ReceivedUpvotes.Add(new ReceivedUpvote { ArxivId = message.ArxivId, Voter = message.VotedBy, VotedAt = message.VotedAt, WithdrawnAt = message.WithdrawnAt });
                return;
            }
            if (vote.WithdrawnAt is not null || vote.Recipient is null)
            {
                return;
            }
            vote.WithdrawnAt = message.WithdrawnAt;
            await db.SaveChangesAsync(cancellationToken);

            var notification = await db.Notifications.SingleOrDefaultAsync(
                notification => notification.Recipient == vote.Recipient && notification.GroupKey == group.Key, cancellationToken);
            if (notification is null)
            {
                return;
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
        });
}
