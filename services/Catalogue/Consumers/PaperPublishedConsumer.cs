using MassTransit;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Catalogue.Infrastructure;
using PapersPlatform.Catalogue.Model;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging;
using PapersPlatform.Messaging.Copies;
using PapersPlatform.Messaging.Inbox;

namespace PapersPlatform.Catalogue.Consumers;

/// <summary>
/// Makes published papers visible in listings, search and their own pages: a batch of papers (a
/// bulk import's, mostly) in one transaction, with one look-up each for the papers already there
/// and for scores that overtook them.
/// </summary>
[BatchUntilQuiet(5)] // a submitted paper shows within milliseconds; an import's fill the batch back to back
public sealed class PaperPublishedConsumer(CatalogueDbContext db) : IConsumer<Batch<PaperPublished>>
{
    public Task Consume(ConsumeContext<Batch<PaperPublished>> context) =>
        db.ConsumeBatchOnceAsync(context, nameof(PaperPublishedConsumer),
            (delivered, cancellationToken) => StoreAsync(db, [.. delivered.Select(delivery => delivery.Message)], cancellationToken));

    /// <summary>The batch's effect, inside the inbox's transaction (and, once at start-up, <see cref="PaperPublishedWarmup"/>'s).</summary>
    internal static async Task StoreAsync(CatalogueDbContext db, IReadOnlyList<PaperPublished> messages, CancellationToken cancellationToken)
    {
        var ids = messages.Select(message => message.ArxivId).Distinct(StringComparer.Ordinal).ToArray();
        await db.LockKeysAsync(CatalogueDbContextExtensions.PaperLockScope, ids, cancellationToken);
        // The arXiv id is the business key: never two rows for one paper, whoever published it twice.
        var stored = (await db.Papers.Where(paper => ids.Contains(paper.ArxivId)).Select(paper => paper.ArxivId)
            .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        // Their scores may have overtaken them (trending saw the papers first).
        var early = await db.TakeEarlyTrendingScoresAsync(ids, cancellationToken);
        foreach (var message in messages.Where(message => stored.Add(message.ArxivId)))
        {
            var score = early.GetValueOrDefault(message.ArxivId);
            db.Papers.Add(new Paper
            {
                ArxivId = message.ArxivId,
                Title = message.Title,
                Abstract = message.Abstract,
                Authors = [.. message.Authors],
                Organization = message.Organization,
                PublishedAt = message.PublishedAt,
                SubmittedAt = message.SubmittedAt,
                SubmittedBy = message.SubmittedBy,
                CodeUrl = message.CodeUrl,
                ProjectUrl = message.ProjectUrl,
                TrendingScore = score?.Score ?? 0,
                TrendingVersion = score?.Version ?? 0,
            });
        }
    }
}

/// <summary>The consumer's path once at start-up, on a paper that is rolled back: the first real submission does not pay for its JIT and query compilation.</summary>
internal sealed class PaperPublishedWarmup(CatalogueDbContext db, TimeProvider clock) : IStartupWarmup
{
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        await PaperPublishedConsumer.StoreAsync(db, [StartupWarmupPing.SamplePaper(clock)], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }
}
