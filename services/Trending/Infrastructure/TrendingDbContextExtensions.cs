using Microsoft.EntityFrameworkCore;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Trending.Model;

namespace PapersPlatform.Trending.Infrastructure;

internal static class TrendingDbContextExtensions
{
    /// <summary>
    /// Serialises every consumer of one paper (publication, upvotes, withdrawals) on every
    /// instance, until the transaction ends, including while the paper has no row yet.
    /// </summary>
    public static Task LockPaperAsync(this TrendingDbContext db, string arxivId, CancellationToken cancellationToken) =>
        db.LockKeyAsync("trending-paper", arxivId, cancellationToken);

    /// <summary>
    /// The paper's row, locked until the transaction ends, so that two instances applying votes
    /// to one paper at once add up instead of overwriting each other.
    /// </summary>
    public static async Task<TrendingPaper?> FindForUpdateAsync(this TrendingDbContext db, string arxivId, CancellationToken cancellationToken) =>
        (await db.Papers.FromSql($"SELECT * FROM trending.papers WHERE arxiv_id = {arxivId} FOR UPDATE").ToListAsync(cancellationToken))
            .SingleOrDefault();

    /// <summary>
    /// Several papers' rows, locked like <see cref="LockPaperAsync"/> and <see cref="FindForUpdateAsync"/>
    /// in two round trips for the lot: a batch of votes. Papers without a row yet are absent.
    /// </summary>
    public static async Task<Dictionary<string, TrendingPaper>> LockPapersForUpdateAsync(this TrendingDbContext db, IEnumerable<string> arxivIds, CancellationToken cancellationToken)
    {
        var ids = arxivIds.Distinct(StringComparer.Ordinal).ToArray();
        await db.LockKeysAsync("trending-paper", ids, cancellationToken);
        return await db.Papers.FromSql($"SELECT * FROM trending.papers WHERE arxiv_id = ANY({ids}) FOR UPDATE")
            .ToDictionaryAsync(paper => paper.ArxivId, StringComparer.Ordinal, cancellationToken);
    }
}
