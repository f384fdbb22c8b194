using MassTransit;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Catalogue.Infrastructure;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Copies;

namespace PapersPlatform.Catalogue.Consumers;

/// <summary>Keeps a copy of each paper's trending score for <c>sort=trending</c> (see <see cref="TrendingScoreCopies"/>).</summary>
public sealed class TrendingScoreChangedConsumer(CatalogueDbContext db) : IConsumer<Batch<TrendingScoreChanged>>
{
    public Task Consume(ConsumeContext<Batch<TrendingScoreChanged>> context) =>
        db.ApplyTrendingScoresAsync([.. context.Message.Select(message => message.Message)], CatalogueDbContextExtensions.PaperLockScope,
            (message, cancellationToken) => db.Papers
                .Where(paper => paper.ArxivId == message.ArxivId && paper.TrendingVersion < message.Version)
                .ExecuteUpdateAsync(paper => paper
                    .SetProperty(p => p.TrendingScore, message.Score)
                    .SetProperty(p => p.TrendingVersion, message.Version), cancellationToken),
            (arxivIds, cancellationToken) => db.Papers.Where(paper => arxivIds.Contains(paper.ArxivId)).Select(paper => paper.ArxivId).ToListAsync(cancellationToken),
            context.CancellationToken);
}
