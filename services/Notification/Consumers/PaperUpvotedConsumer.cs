using System.Globalization;
using MassTransit;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.Notification.Model;
using PapersPlatform.Notification.Notifications;

namespace PapersPlatform.Notification.Consumers;

/// <summary>Tells a paper's submitter that someone upvoted it, one notification per paper and hour.</summary>
public sealed class PaperUpvotedConsumer(NotificationDbContext db, TimeProvider clock) : IConsumer<PaperUpvoted>
{
    public Task Consume(ConsumeContext<PaperUpvoted> context) =>
        db.ConsumeOnceAsync(context, nameof(PaperUpvotedConsumer), cancellationToken =>
        {
            var message = context.Message;
            if (string.Equals(message.VotedBy, message.SubmittedBy, StringComparison.OrdinalIgnoreCase))
            {
                return Task.CompletedTask; // nobody needs telling about their own vote
            }
            return db.AddUpvoteNotificationAsync(new UserNotification
            {
                Recipient = message.SubmittedBy,
                Kind = NotificationKinds.Upvote,
                ArxivId = message.ArxivId,
                Title = message.Title,
                Message = $"{message.VotedBy} upvoted your paper \"{message.Title}\".",
                CreatedAt = clock.GetUtcNow(),
                SourceMessageId = context.MessageId!.Value,
                // The UTC hour the vote was cast in, so a redelivery lands in the same group.
                GroupKey = $"upvote:{message.ArxivId}:{message.VotedAt.UtcDateTime.ToString("yyyy-MM-ddTHH", CultureInfo.InvariantCulture)}",
            }, message.VotedBy, cancellationToken);
        });
}
