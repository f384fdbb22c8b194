using MassTransit;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Catalogue.Infrastructure;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Copies;

namespace PapersPlatform.Catalogue.Consumers;

/// <summary>Keeps a copy of each paper's trending score for <c>sort=trending</c> (see <see cref="TrendingScoreCopies"/>).</summary>
public sealed class TrendingScoreChangedConsumer(CatalogueDbContext db) : IConsumer<TrendingScoreChanged>
{
    public Task Consume(ConsumeContext<TrendingScoreChanged> context)
    {
        var message = context.Message;
        return db.ApplyTrendingScoreAsync(message, CatalogueDbContextExtensions.PaperLockScope,
            cancellationToken => db.Papers
                .Where(paper => paper.ArxivId == message.ArxivId && paper.TrendingVersion < message.Version)
                .ExecuteUpdateAsync(paper => paper
                    .SetProperty(p => p.TrendingScore, message.Score)
                    .SetProperty(p => p.TrendingVersion, message.Version), cancellationToken),
            cancellationToken => db.Papers.AnyAsync(paper => paper.ArxivId == message.ArxivId, cancellationToken),
            context.CancellationToken);
    }
}
