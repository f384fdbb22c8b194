using MassTransit;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Copies;
using PapersPlatform.Notification.Infrastructure;

namespace PapersPlatform.Notification.Consumers;

/// <summary>Keeps each paper's trending score for ranking digests (see <see cref="TrendingScoreCopies"/>).</summary>
public sealed class TrendingScoreChangedConsumer(NotificationDbContext db) : IConsumer<TrendingScoreChanged>
{
    public Task Consume(ConsumeContext<TrendingScoreChanged> context)
    {
        var message = context.Message;
        return db.ApplyTrendingScoreAsync(message, NotificationDbContextExtensions.PaperLockScope,
            cancellationToken => db.Papers
                .Where(paper => paper.ArxivId == message.ArxivId && paper.ScoreVersion < message.Version)
                .ExecuteUpdateAsync(paper => paper
                    .SetProperty(p => p.Score, message.Score)
                    .SetProperty(p => p.ScoreVersion, message.Version), cancellationToken),
            cancellationToken => db.Papers.AnyAsync(paper => paper.ArxivId == message.ArxivId, cancellationToken),
            context.CancellationToken);
    }
}
