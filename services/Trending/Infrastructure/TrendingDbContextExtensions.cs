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

    /// <summary>The ledger's rows for exactly these votes (paper, voter, time), in one query.</summary>
    public static async Task<Dictionary<(string ArxivId, string Voter, DateTimeOffset VotedAt), TrendingVote>> LedgerOfAsync(
        this TrendingDbContext db, IReadOnlyCollection<(string ArxivId, string Voter, DateTimeOffset VotedAt)> votes, CancellationToken cancellationToken)
    {
        votes = [.. votes.Distinct()];
        var (ids, voters, times) = (votes.Select(vote => vote.ArxivId).ToArray(), votes.Select(vote => vote.Voter).ToArray(), votes.Select(vote => vote.VotedAt.UtcDateTime).ToArray());
        var rows = await db.Votes.FromSql($"""
            SELECT v.* FROM trending.votes v
            JOIN unnest({ids}::text[], {voters}::text[], {times}::timestamptz[]) AS k(arxiv_id, voter, voted_at)
              ON v.arxiv_id = k.arxiv_id AND v.voter = k.voter AND v.voted_at = k.voted_at
            """).ToListAsync(cancellationToken);
        return rows.ToDictionary(vote => TrendingVote.Key(vote.ArxivId, vote.Voter, vote.VotedAt));
    }
}
