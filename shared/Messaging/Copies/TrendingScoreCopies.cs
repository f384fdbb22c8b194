using Microsoft.EntityFrameworkCore;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Inbox;

namespace PapersPlatform.Messaging.Copies;

/// <summary>
/// How a service keeps its own copy of trending's scores (catalogue for <c>sort=trending</c>,
/// notification for digests), whatever order the score and its paper arrive in: a versioned
/// overwrite (applied twice, or late, it changes nothing, so it needs no inbox), and a score that
/// overtook its paper kept in <see cref="EarlyTrendingScore"/> for the paper to take over.
/// </summary>
public static class TrendingScoreCopies
{
    /// <summary>The early scores' table, in the calling context's schema.</summary>
    public static ModelBuilder AddEarlyTrendingScores(this ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfiguration(new EarlyTrendingScoreConfiguration());

    /// <summary>
    /// Applies <paramref name="message"/> to the copy: <paramref name="overwriteOlderVersion"/>
    /// updates the paper's row where its version is older and returns the rows it changed;
    /// <paramref name="paperExists"/> tells a paper that is not there yet from a newer copy. Both
    /// run under the paper's lock (<paramref name="paperLockScope"/>, the scope its
    /// <c>PaperPublished</c> consumer locks too), so "not there yet" cannot change before the
    /// early score is kept.
    /// </summary>
    public static async Task ApplyTrendingScoreAsync(
        this DbContext db,
        TrendingScoreChanged message,
        string paperLockScope,
        Func<CancellationToken, Task<int>> overwriteOlderVersion,
        Func<CancellationToken, Task<bool>> paperExists,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.LockKeyAsync(paperLockScope, message.ArxivId, cancellationToken);
        if (await overwriteOlderVersion(cancellationToken) == 0 && !await paperExists(cancellationToken))
        {
            var early = await db.Set<EarlyTrendingScore>().FindAsync([message.ArxivId], cancellationToken);
            if (early is null)
            {
                db.Set<EarlyTrendingScore>().Add(new EarlyTrendingScore { ArxivId = message.ArxivId, Score = message.Score, Version = message.Version });
            }
            else if (early.Version < message.Version)
            {
                (early.Score, early.Version) = (message.Score, message.Version);
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Takes over (and removes, with the caller's SaveChanges) the score that arrived before the
    /// paper, if one did; the caller holds the paper's lock.
    /// </summary>
    public static async Task<EarlyTrendingScore?> TakeEarlyTrendingScoreAsync(this DbContext db, string arxivId, CancellationToken cancellationToken)
    {
        var early = await db.Set<EarlyTrendingScore>().FindAsync([arxivId], cancellationToken);
        if (early is not null)
        {
            db.Set<EarlyTrendingScore>().Remove(early);
        }
        return early;
    }
}
