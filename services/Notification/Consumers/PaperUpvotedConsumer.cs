using MassTransit;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.Notification.Model;

namespace PapersPlatform.Notification.Consumers;

/// <summary>Tells a paper's submitter that someone upvoted it.</summary>
public sealed class PaperUpvotedConsumer(NotificationDbContext db, TimeProvider clock) : IConsumer<PaperUpvoted>
{
    public Task Consume(ConsumeContext<PaperUpvoted> context) =>
        db.ConsumeOnceAsync(context, nameof(PaperUpvotedConsumer), _ =>
        {
            var message = context.Message;
            if (string.Equals(message.VotedBy, message.SubmittedBy, StringComparison.OrdinalIgnoreCase))
            {
                return Task.CompletedTask; // nobody needs telling about their own vote
            }
            db.Notifications.Add(new UserNotification
            {
                Recipient = message.SubmittedBy,
                Kind = NotificationKinds.Upvote,
                ArxivId = message.ArxivId,
                Title = message.Title,
                Message = $"{message.VotedBy} upvoted your paper \"{message.Title}\" ({message.Upvotes} {(message.Upvotes == 1 ? "upvote" : "upvotes")} now).",
                CreatedAt = clock.GetUtcNow(),
                SourceMessageId = context.MessageId!.Value,
            });
            return Task.CompletedTask;
        });
}
