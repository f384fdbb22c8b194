using MassTransit;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Copies;
using PapersPlatform.Notification.Infrastructure;

namespace PapersPlatform.Notification.Consumers;

/// <summary>Keeps each paper's trending score for ranking digests (see <see cref="TrendingScoreCopies"/>).</summary>
public sealed class TrendingScoreChangedConsumer(NotificationDbContext db) : IConsumer<Batch<TrendingScoreChanged>>
{
    public Task Consume(ConsumeContext<Batch<TrendingScoreChanged>> context) =>
        db.ApplyTrendingScoresAsync([.. context.Message.Select(message => message.Message)], NotificationDbContextExtensions.PaperLockScope,
            (message, cancellationToken) => db.Papers
                .Where(paper => paper.ArxivId == message.ArxivId && paper.ScoreVersion < message.Version)
                .ExecuteUpdateAsync(paper => paper
                    .SetProperty(p => p.Score, message.Score)
                    .SetProperty(p => p.ScoreVersion, message.Version), cancellationToken),
            (arxivIds, cancellationToken) => db.Papers.Where(paper => arxivIds.Contains(paper.ArxivId)).Select(paper => paper.ArxivId).ToListAsync(cancellationToken),
            context.CancellationToken);
}
