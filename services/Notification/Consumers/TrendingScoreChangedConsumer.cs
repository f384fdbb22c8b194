using MassTransit;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Contracts;
using PapersPlatform.Notification.Infrastructure;

namespace PapersPlatform.Notification.Consumers;

/// <summary>
/// Keeps each paper's trending score for ranking digests. Needs no inbox: a versioned overwrite
/// applied twice, or late, changes nothing.
/// </summary>
public sealed class TrendingScoreChangedConsumer(NotificationDbContext db) : IConsumer<TrendingScoreChanged>
{
    public async Task Consume(ConsumeContext<TrendingScoreChanged> context)
    {
        var message = context.Message;
        var updated = await db.Papers
            .Where(paper => paper.ArxivId == message.ArxivId && paper.ScoreVersion < message.Version)
            .ExecuteUpdateAsync(paper => paper
                .SetProperty(p => p.Score, message.Score)
                .SetProperty(p => p.ScoreVersion, message.Version), context.CancellationToken);
        if (updated == 0 && !await db.Papers.AnyAsync(paper => paper.ArxivId == message.ArxivId, context.CancellationToken))
        {
            // The score overtook the paper's own PaperPublished; MassTransit retries until it is here.
            throw new InvalidOperationException($"Paper {message.ArxivId} is not known to notification yet.");
        }
    }
}
