using MassTransit;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.Notification.Model;
using PapersPlatform.Notification.Notifications;

namespace PapersPlatform.Notification.Consumers;

/// <summary>Tells a paper's submitter that someone upvoted it, one notification per paper and hour that counts people.</summary>
public sealed class PaperUpvotedConsumer(NotificationDbContext db, TimeProvider clock) : IConsumer<PaperUpvoted>
{
    public Task Consume(ConsumeContext<PaperUpvoted> context) =>
        db.ConsumeOnceAsync(context, nameof(PaperUpvotedConsumer), async cancellationToken =>
        {
            var message = context.Message;
            if (string.Equals(message.VotedBy, message.SubmittedBy, StringComparison.OrdinalIgnoreCase))
            {
                return; // nobody needs telling about their own vote
            }
            // The hour the vote was cast in, so that a redelivery lands in the same group.
            var group = UpvoteGroup.Of(message.ArxivId, message.VotedAt);
            await db.LockGroupAsync(group, cancellationToken);
            if (await db.ReceivedUpvotes.AnyAsync(vote => vote.ArxivId == message.ArxivId && vote.Voter == message.VotedBy && vote.VotedAt == message.VotedAt, cancellationToken))
            {
                return; // its withdrawal overtook it: nobody is told of a vote already taken back
            }
            db.ReceivedUpvotes.Add(new ReceivedUpvote { ArxivId = message.ArxivId, Voter = message.VotedBy, VotedAt = message.VotedAt, Recipient = message.SubmittedBy });
            await db.SaveChangesAsync(cancellationToken);

            var voters = await db.CurrentVotersAsync(group, cancellationToken);
            await db.SaveUpvoteNotificationAsync(new UserNotification
            {
                Recipient = message.SubmittedBy,
                Kind = NotificationKinds.Upvote,
                ArxivId = message.ArxivId,
                Title = message.Title,
                Message = UpvoteGroup.Message(message.Title, voters),
                Count = voters.Count,
                CreatedAt = clock.GetUtcNow(),
                SourceMessageId = context.MessageId!.Value,
                GroupKey = group.Key,
            }, cancellationToken);
        });
}
