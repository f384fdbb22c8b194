using Microsoft.EntityFrameworkCore;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Inbox;

namespace PapersPlatform.Messaging.Copies;

/// <summary>
/// How a service keeps its own copy of trending's scores (catalogue for <c>sort=trending</c>,
/// notification for digests), whatever order the score and its paper arrive in: a versioned
/// overwrite (applied twice, or late, it changes nothing, so it needs no inbox), and a score that
/// overtook its paper kept in <see cref="EarlyTrendingScore"/> for the paper to take over. Scores
/// come in batches (one per paper per vote batch, docs/performance.md) and are applied in batches.
/// </summary>
public static class TrendingScoreCopies
{
    /// <summary>The early scores' table, in the calling context's schema.</summary>
    public static ModelBuilder AddEarlyTrendingScores(this ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfiguration(new EarlyTrendingScoreConfiguration());

    /// <summary>
    /// Applies a batch of scores to the copy in one transaction: per paper only the newest version
    /// in the batch counts. <paramref name="overwriteOlderVersion"/> updates one paper's row where
    /// its version is older and returns the rows it changed; <paramref name="existingPapers"/>
    /// tells, of the papers whose row did not change, which have a row (a newer copy) and which
    /// are not there yet. Both run under the papers' locks (<paramref name="paperLockScope"/>, the
    /// scope their <c>PaperPublished</c> consumer locks too), so "not there yet" cannot change
    /// before the early score is kept.
    /// </summary>
    public static async Task ApplyTrendingScoresAsync(
        this DbContext db,
        IReadOnlyCollection<TrendingScoreChanged> messages,
        string paperLockScope,
        Func<TrendingScoreChanged, CancellationToken, Task<int>> overwriteOlderVersion,
        Func<IReadOnlyCollection<string>, CancellationToken, Task<List<string>>> existingPapers,
        CancellationToken cancellationToken)
    {
        try
        {
            await ApplyNewestAsync(db, messages, paperLockScope, overwriteOlderVersion, existingPapers, cancellationToken);
        }
        catch (Exception) when (messages.Count > 1 && !cancellationToken.IsCancellationRequested)
        {
            // One bad score must not cost the other papers theirs: each again, on its own.
            await BatchInboxExtensions.OneAtATimeAsync(db, messages, message =>
                ApplyNewestAsync(db, [message], paperLockScope, overwriteOlderVersion, existingPapers, cancellationToken));
        }
    }

    private static async Task ApplyNewestAsync(
        DbContext db,
        IReadOnlyCollection<TrendingScoreChanged> messages,
        string paperLockScope,
        Func<TrendingScoreChanged, CancellationToken, Task<int>> overwriteOlderVersion,
        Func<IReadOnlyCollection<string>, CancellationToken, Task<List<string>>> existingPapers,
        CancellationToken cancellationToken)
    {
        var newest = messages
            .GroupBy(message => message.ArxivId, StringComparer.Ordinal)
            .Select(group => group.MaxBy(message => message.Version)!)
            .ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.LockKeysAsync(paperLockScope, newest.Select(message => message.ArxivId), cancellationToken);
        var unchanged = new List<TrendingScoreChanged>();
        foreach (var message in newest)
        {
            if (await overwriteOlderVersion(message, cancellationToken) == 0)
            {
                unchanged.Add(message);
            }
        }
        if (unchanged.Count > 0)
        {
            var existing = (await existingPapers([.. unchanged.Select(message => message.ArxivId)], cancellationToken)).ToHashSet(StringComparer.Ordinal);
            foreach (var message in unchanged.Where(message => !existing.Contains(message.ArxivId)))
            {
                await KeepEarlyAsync(db, message, cancellationToken);
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task KeepEarlyAsync(DbContext db, TrendingScoreChanged message, CancellationToken cancellationToken)
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
    }

    /// <summary>
    /// Takes over (and removes, with the caller's SaveChanges) the scores that arrived before their
    /// papers, for a batch of papers in one query; the caller holds the papers' locks.
    /// </summary>
    public static async Task<Dictionary<string, EarlyTrendingScore>> TakeEarlyTrendingScoresAsync(
        this DbContext db, IReadOnlyCollection<string> arxivIds, CancellationToken cancellationToken)
    {
        var early = await db.Set<EarlyTrendingScore>().Where(score => arxivIds.Contains(score.ArxivId))
            .ToDictionaryAsync(score => score.ArxivId, StringComparer.Ordinal, cancellationToken);
        db.Set<EarlyTrendingScore>().RemoveRange(early.Values);
        return early;
    }
}
