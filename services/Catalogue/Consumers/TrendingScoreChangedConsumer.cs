using MassTransit;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Catalogue.Infrastructure;
using PapersPlatform.Contracts;

namespace PapersPlatform.Catalogue.Consumers;

/// <summary>
/// Keeps a copy of each paper's trending score for <c>sort=trending</c>. Needs no inbox: a
/// versioned overwrite applied twice, or late, changes nothing.
/// </summary>
public sealed class TrendingScoreChangedConsumer(CatalogueDbContext db) : IConsumer<TrendingScoreChanged>
{
    public async Task Consume(ConsumeContext<TrendingScoreChanged> context)
    {
        var message = context.Message;
        var updated = await db.Papers
            .Where(paper => paper.ArxivId == message.ArxivId && paper.TrendingVersion < message.Version)
            .ExecuteUpdateAsync(paper => paper
                .SetProperty(p => p.TrendingScore, message.Score)
                .SetProperty(p => p.TrendingVersion, message.Version), context.CancellationToken);
        if (updated == 0 && !await db.Papers.AnyAsync(paper => paper.ArxivId == message.ArxivId, context.CancellationToken))
        {
            // The score overtook the paper's own PaperPublished; MassTransit retries until it is here.
            throw new InvalidOperationException($"Paper {message.ArxivId} is not in the catalogue yet.");
        }
    }
}
