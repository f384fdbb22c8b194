using Microsoft.EntityFrameworkCore;
using PapersPlatform.Catalogue.Model;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Inbox;

namespace PapersPlatform.Catalogue.Infrastructure;

internal static class CatalogueDbContextExtensions
{
    /// <summary>Serialises the consumers of one paper (its publication, its scores) until the transaction ends.</summary>
    public static Task LockPaperAsync(this CatalogueDbContext db, string arxivId, CancellationToken cancellationToken) =>
        db.LockKeyAsync("catalogue-paper", arxivId, cancellationToken);

    /// <summary>Keeps the newest score of a paper not here yet; the caller holds the paper's lock.</summary>
    public static async Task KeepEarlyScoreAsync(this CatalogueDbContext db, TrendingScoreChanged message, CancellationToken cancellationToken)
    {
        var early = await db.EarlyTrendingScores.FindAsync([message.ArxivId], cancellationToken);
        if (early is null)
        {
            db.EarlyTrendingScores.Add(new EarlyTrendingScore { ArxivId = message.ArxivId, Score = message.Score, Version = message.Version });
        }
        else if (early.Version < message.Version)
        {
            (early.Score, early.Version) = (message.Score, message.Version);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Takes over (and removes) the score that arrived before the paper, if one did; the caller holds the paper's lock.</summary>
    public static async Task<EarlyTrendingScore?> TakeEarlyScoreAsync(this CatalogueDbContext db, string arxivId, CancellationToken cancellationToken)
    {
        var early = await db.EarlyTrendingScores.FindAsync([arxivId], cancellationToken);
        if (early is not null)
        {
            db.EarlyTrendingScores.Remove(early);
        }
        return early;
    }
}
