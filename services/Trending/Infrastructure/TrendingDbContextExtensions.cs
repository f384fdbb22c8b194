using Microsoft.EntityFrameworkCore;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.ServiceDefaults;
using PapersPlatform.Trending.Model;

namespace PapersPlatform.Trending.Infrastructure;

internal static class TrendingDbContextExtensions
{
    /// <summary>
    /// Several papers' rows, locked until the transaction ends, in two round trips for the lot (a
    /// batch of votes or of publications). The advisory locks serialise every consumer of a paper
    /// (publication, upvotes, withdrawals) on every instance even while the paper has no row yet;
    /// the row locks make two instances applying votes to one paper add up instead of overwriting
    /// each other. Papers without a row yet are absent.
    /// </summary>
    public static async Task<Dictionary<string, TrendingPaper>> LockPapersForUpdateAsync(this TrendingDbContext db, IEnumerable<string> arxivIds, CancellationToken cancellationToken)
    {
        var ids = arxivIds.Distinct(StringComparer.Ordinal).ToArray();
        await db.LockKeysAsync("trending-paper", ids, cancellationToken);
        return await db.Papers.FromSql(ModelSql.Statement($"SELECT * FROM {db.TableOf<TrendingPaper>()} WHERE arxiv_id = ANY({ids}) FOR UPDATE"))
            .ToDictionaryAsync(paper => paper.ArxivId, StringComparer.Ordinal, cancellationToken);
    }
}
