using Microsoft.EntityFrameworkCore;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Messaging.Inbox;

/// <summary>A vote as the consumers of votes name it: the paper, the voter and the time it was cast (as stored).</summary>
public readonly record struct VoteKey(string ArxivId, string Voter, DateTimeOffset VotedAt)
{
    public static VoteKey Of(string arxivId, string voter, DateTimeOffset votedAt) => new(arxivId, voter, votedAt.AsStored());
}

public static class VoteRows
{
    /// <summary>
    /// The rows of a service's own vote ledger (<typeparamref name="TVote"/>: a table with
    /// <c>arxiv_id</c>, <c>voter</c> and <c>voted_at</c>) for exactly these votes, in one query,
    /// keyed as stored: how a batch of votes finds the ones heard of before.
    /// </summary>
    public static async Task<Dictionary<VoteKey, TVote>> VoteRowsOfAsync<TVote>(
        this DbContext db, IEnumerable<VoteKey> votes, Func<TVote, VoteKey> keyOf, CancellationToken cancellationToken) where TVote : class
    {
        var keys = votes.Distinct().ToArray();
        var rows = await db.Set<TVote>().FromSqlRaw(LookupSql(db, typeof(TVote)),
            keys.Select(key => key.ArxivId).ToArray(), keys.Select(key => key.Voter).ToArray(), keys.Select(key => key.VotedAt.UtcDateTime).ToArray())
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(keyOf);
    }

    // Identifiers come from the EF model, values are parameters.
    private static string LookupSql(DbContext db, Type voteType)
    {
        var entity = db.Model.FindEntityType(voteType)!;
        return $$"""
            SELECT v.* FROM "{{entity.GetSchema()}}"."{{entity.GetTableName()}}" v
            JOIN unnest({0}::text[], {1}::text[], {2}::timestamptz[]) AS k(arxiv_id, voter, voted_at)
              ON v.arxiv_id = k.arxiv_id AND v.voter = k.voter AND v.voted_at = k.voted_at
            """;
    }
}
