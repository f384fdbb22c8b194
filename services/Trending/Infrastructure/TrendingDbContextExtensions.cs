using Microsoft.EntityFrameworkCore;
using PapersPlatform.Trending.Model;

namespace PapersPlatform.Trending.Infrastructure;

internal static class TrendingDbContextExtensions
{
    /// <summary>
    /// The paper's row, locked until the transaction ends, so that two instances applying votes
    /// to one paper at once add up instead of overwriting each other.
    /// </summary>
    public static async Task<TrendingPaper?> FindForUpdateAsync(this TrendingDbContext db, string arxivId, CancellationToken cancellationToken) =>
        (await db.Papers.FromSql($"SELECT * FROM trending.papers WHERE arxiv_id = {arxivId} FOR UPDATE").ToListAsync(cancellationToken))
            .SingleOrDefault();
}
