using Microsoft.EntityFrameworkCore;

namespace PapersPlatform.Messaging.Inbox;

public static class ConsumerLocks
{
    /// <summary>
    /// Serialises, until the transaction ends, every consumer that touches the same
    /// <paramref name="key"/> (a paper, a vote group), on any instance. Statements after the lock
    /// see everything those before committed, so "check, then write" cannot interleave: the way a
    /// message that arrived early is parked and later picked up without either side missing the
    /// other. Keys only have to be equal for equal things: a hash collision merely serialises two
    /// unrelated keys for a moment.
    /// </summary>
    public static Task LockKeyAsync(this DbContext db, string scope, string key, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({scope + ":" + key}, 0))", cancellationToken);

    /// <summary>
    /// <see cref="LockKeyAsync"/> for several keys in one round trip. The locks are taken in the
    /// order of their hashes, whatever order the keys come in, so two transactions locking
    /// overlapping sets (two batches, two instances) wait for each other instead of deadlocking.
    /// </summary>
    public static Task LockKeysAsync(this DbContext db, string scope, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var scoped = keys.Select(key => scope + ":" + key).Distinct(StringComparer.Ordinal).ToArray();
        return db.Database.ExecuteSqlAsync($"""
            SELECT pg_advisory_xact_lock(hash) FROM (
                SELECT DISTINCT hashtextextended(key, 0) AS hash FROM unnest({scoped}::text[]) AS key ORDER BY hash) AS sorted
            """, cancellationToken);
    }
}
