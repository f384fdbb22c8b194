using MassTransit;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.Notification.Model;
using PapersPlatform.Notification.Notifications;

namespace PapersPlatform.Notification.Consumers;

/// <summary>Tells a submitter that their paper entered the day's trending top list.</summary>
public sealed class PaperEnteredTrendingConsumer(NotificationDbContext db, TimeProvider clock) : IConsumer<PaperEnteredTrending>
{
    public Task Consume(ConsumeContext<PaperEnteredTrending> context) =>
        db.ConsumeOnceAsync(context, nameof(PaperEnteredTrendingConsumer), cancellationToken =>
        {
            var message = context.Message;
            return db.SaveNotificationAsync(new UserNotification
            {
                Recipient = message.SubmittedBy,
                Kind = NotificationKinds.Trending,
                ArxivId = message.ArxivId,
                Title = message.Title,
                Message = $"Your paper \"{message.Title}\" is trending: #{message.Rank} of the {message.Window}.",
                ChangedAt = clock.GetUtcNow(),
                SourceMessageId = context.MessageId!.Value,
            }, cancellationToken);
        });
}
