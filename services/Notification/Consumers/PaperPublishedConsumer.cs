using MassTransit;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Copies;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.Notification.Model;
using PapersPlatform.Notification.Notifications;

namespace PapersPlatform.Notification.Consumers;

/// <summary>
/// A new paper: alerts every subscriber whose keyword is a word or phrase of its title or abstract,
/// and keeps what a digest needs to list it.
/// </summary>
public sealed class PaperPublishedConsumer(NotificationDbContext db, TimeProvider clock) : IConsumer<PaperPublished>
{
    public Task Consume(ConsumeContext<PaperPublished> context) =>
        db.ConsumeOnceAsync(context, nameof(PaperPublishedConsumer), async cancellationToken =>
        {
            var paper = context.Message;
            await db.LockPaperAsync(paper.ArxivId, cancellationToken);
            // Its score may have overtaken it (trending saw the paper first).
            var early = await db.TakeEarlyTrendingScoreAsync(paper.ArxivId, cancellationToken);
            db.Papers.Add(new DigestPaper
            {
                ArxivId = paper.ArxivId,
                Title = paper.Title,
                Authors = [.. paper.Authors],
                SubmittedAt = paper.SubmittedAt,
                Score = early?.Score,
                ScoreVersion = early?.Version ?? 0,
            });
            await db.AddKeywordNotificationsAsync(paper, context.MessageId!.Value, clock.GetUtcNow(), cancellationToken);
        });
}
