using Microsoft.EntityFrameworkCore;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Messaging.Outbox;
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
    /// Announces the paper's new score through the outbox, in the same transaction as the change,
    /// so the catalogue's trending order follows every vote exactly once in effect.
    /// </summary>
    public static void AnnounceScore(this TrendingDbContext db, TrendingPaper paper, TimeProvider clock)
    {
        paper.Version++;
        db.AddOutboxMessage(new TrendingScoreChanged(paper.ArxivId, paper.Score, paper.Version, clock.GetUtcNow()), clock);
    }
}
