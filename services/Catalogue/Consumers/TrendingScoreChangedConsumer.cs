using MassTransit;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Catalogue.Infrastructure;
using PapersPlatform.Catalogue.Model;
using PapersPlatform.Contracts;

namespace PapersPlatform.Catalogue.Consumers;

/// <summary>
/// Keeps a copy of each paper's trending score for <c>sort=trending</c>. Needs no inbox: a
/// versioned overwrite applied twice, or late, changes nothing. A score that overtook its paper
/// is kept aside (<see cref="EarlyTrendingScore"/>) for the paper to take when it arrives.
/// </summary>
public sealed class TrendingScoreChangedConsumer(CatalogueDbContext db) : IConsumer<TrendingScoreChanged>
{
    public async Task Consume(ConsumeContext<TrendingScoreChanged> context)
    {
        var (message, cancellationToken) = (context.Message, context.CancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Under the paper's lock, "not there yet" cannot change before this commits.
        await db.LockPaperAsync(message.ArxivId, cancellationToken);
        var updated = await db.Papers
            .Where(paper => paper.ArxivId == message.ArxivId && paper.TrendingVersion < message.Version)
            .ExecuteUpdateAsync(paper => paper
                .SetProperty(p => p.TrendingScore, message.Score)
                .SetProperty(p => p.TrendingVersion, message.Version), cancellationToken);
        if (updated == 0 && !await db.Papers.AnyAsync(paper => paper.ArxivId == message.ArxivId, cancellationToken))
        {
            await db.KeepEarlyScoreAsync(message, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
