using System.Text;
using Npgsql;

namespace PapersPlatform.Testing.Faults;

/// <summary>One line of the verdict: what the clients were told against what a service applied.</summary>
public sealed record EffectRow(string What, int Expected, int Applied, int Lost, int Duplicated);

public sealed record Verdict(IReadOnlyList<EffectRow> Rows, int FailedRequests, int FailedButApplied, int HalfApplied, long OutboxBacklog)
{
    public bool IsClean => Rows.All(row => row.Lost == 0 && row.Duplicated == 0) && HalfApplied == 0 && OutboxBacklog == 0;

    public string ToTable()
    {
        var table = new StringBuilder();
        table.AppendLine($"{"effect",-34} {"accepted",9} {"applied",9} {"lost",6} {"duplicated",11}");
        foreach (var row in Rows)
        {
            table.AppendLine($"{row.What,-34} {row.Expected,9} {row.Applied,9} {row.Lost,6} {row.Duplicated,11}");
        }
        table.AppendLine($"failed requests (5xx, timeouts, refused): {FailedRequests}, of which committed before failing: {FailedButApplied}; half-applied: {HalfApplied}; outbox backlog: {OutboxBacklog}");
        return table.ToString();
    }
}

/// <summary>
/// Reads every service's schema (as a superuser) and compares what was applied with what the
/// clients were told. For each 2xx: exactly one effect in every service that should see it. For
/// each failed request: all or nothing across the services.
/// </summary>
public static class EffectChecker
{
    public static async Task<Verdict> CheckAsync(WorkloadLedger ledger, string adminConnectionString, CancellationToken cancellationToken = default)
    {
        var ids = ledger.Submitters.Keys.ToArray();
        await using var db = new NpgsqlConnection(adminConnectionString);
        await db.OpenAsync(cancellationToken);

        var ingested = await SetAsync(db, "SELECT arxiv_id FROM ingestion.submissions WHERE arxiv_id = ANY(@ids)", ids, cancellationToken);
        var catalogued = await CountsAsync(db, "SELECT arxiv_id, upvotes FROM catalogue.papers WHERE arxiv_id = ANY(@ids)", ids, cancellationToken);
        var trending = await CountsAsync(db, "SELECT arxiv_id, upvotes FROM trending.papers WHERE arxiv_id = ANY(@ids)", ids, cancellationToken);
        var votes = await PairsAsync(db, ids, cancellationToken);
        var votesPerPaper = votes.GroupBy(vote => vote.ArxivId).ToDictionary(group => group.Key, group => group.Count());
        var notified = await CountsAsync(db, "SELECT arxiv_id, sum(count)::int FROM notification.notifications WHERE kind = 'upvote' AND arxiv_id = ANY(@ids) GROUP BY arxiv_id", ids, cancellationToken);
        // The catalogue's copy of each score (for sort=trending) must end equal to trending's own.
        var scoresCopied = await SetAsync(db, """
            SELECT t.arxiv_id FROM trending.papers t JOIN catalogue.papers c USING (arxiv_id)
            WHERE t.arxiv_id = ANY(@ids) AND c.trending_version = t.version AND c.trending_score = t.score
            """, ids, cancellationToken);
        var backlog = await ScalarAsync(db, """
            SELECT (SELECT count(*) FROM ingestion.outbox_messages WHERE sent_at IS NULL)
                 + (SELECT count(*) FROM catalogue.outbox_messages WHERE sent_at IS NULL)
                 + (SELECT count(*) FROM trending.outbox_messages WHERE sent_at IS NULL)
            """, cancellationToken);

        var accepted = ledger.Submissions.Where(entry => entry.Value == Outcome.Accepted).Select(entry => entry.Key).ToList();
        var acceptedVotes = ledger.Upvotes.Where(entry => entry.Value == Outcome.Accepted).Select(entry => entry.Key).ToList();
        var rows = new List<EffectRow>
        {
            Presence("submissions → ingestion", accepted, ingested.Contains),
            Presence("submissions → catalogue", accepted, catalogued.ContainsKey),
            Presence("submissions → trending", accepted, trending.ContainsKey),
            Presence("upvotes → catalogue vote ledger", acceptedVotes, votes.Contains),
            Tally("upvotes → catalogue counts", votesPerPaper, catalogued),
            Tally("upvotes → trending score inputs", votesPerPaper, trending),
            Tally("upvotes → submitter notifications", votesPerPaper, notified),
            Presence("trending scores → catalogue copy", accepted, scoresCopied.Contains),
        };

        var failedSubmissions = ledger.Submissions.Where(entry => entry.Value == Outcome.Failed).Select(entry => entry.Key).ToList();
        var failedVotes = ledger.Upvotes.Where(entry => entry.Value == Outcome.Failed).Select(entry => entry.Key).ToList();
        // A failed submission is all or nothing: stored and published everywhere, or nowhere.
        var halfApplied = failedSubmissions.Count(id => ingested.Contains(id) != catalogued.ContainsKey(id) || ingested.Contains(id) != trending.ContainsKey(id));
        var failedButApplied = failedSubmissions.Count(ingested.Contains) + failedVotes.Count(votes.Contains);
        return new Verdict(rows, failedSubmissions.Count + failedVotes.Count, failedButApplied, halfApplied, backlog);
    }

    /// <summary>
    /// Effects arrive eventually (retries, redeliveries): checks until clean, out of time, or a
    /// duplicate shows (which no amount of waiting undoes).
    /// </summary>
    public static async Task<Verdict> DrainAsync(WorkloadLedger ledger, string adminConnectionString, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var verdict = await CheckAsync(ledger, adminConnectionString, cancellationToken);
            if (verdict.IsClean || DateTime.UtcNow > deadline || verdict.Rows.Any(row => row.Duplicated > 0))
            {
                return verdict;
            }
            await Task.Delay(1000, cancellationToken);
        }
    }

    private static EffectRow Presence<T>(string what, List<T> expected, Func<T, bool> isApplied)
    {
        var applied = expected.Count(isApplied);
        return new EffectRow(what, expected.Count, applied, expected.Count - applied, 0);
    }

    /// <summary>Per paper, the count a service holds against the votes the catalogue's ledger holds.</summary>
    private static EffectRow Tally(string what, Dictionary<string, int> expected, Dictionary<string, int> actual)
    {
        int lost = 0, duplicated = 0;
        foreach (var paper in expected.Keys.Union(actual.Keys))
        {
            var difference = actual.GetValueOrDefault(paper) - expected.GetValueOrDefault(paper);
            lost += Math.Max(0, -difference);
            duplicated += Math.Max(0, difference);
        }
        return new EffectRow(what, expected.Values.Sum(), actual.Values.Sum(), lost, duplicated);
    }

    private static async Task<HashSet<string>> SetAsync(NpgsqlConnection db, string sql, string[] ids, CancellationToken cancellationToken)
    {
        var set = new HashSet<string>();
        await using var reader = await Command(db, sql, ids).ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            set.Add(reader.GetString(0));
        }
        return set;
    }

    private static async Task<Dictionary<string, int>> CountsAsync(NpgsqlConnection db, string sql, string[] ids, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>();
        await using var reader = await Command(db, sql, ids).ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = reader.GetInt32(1);
        }
        return counts;
    }

    private static async Task<HashSet<(string ArxivId, string Voter)>> PairsAsync(NpgsqlConnection db, string[] ids, CancellationToken cancellationToken)
    {
        var pairs = new HashSet<(string, string)>();
        await using var reader = await Command(db, "SELECT arxiv_id, user_name FROM catalogue.votes WHERE arxiv_id = ANY(@ids)", ids).ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pairs.Add((reader.GetString(0), reader.GetString(1)));
        }
        return pairs;
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection db, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, db);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    private static NpgsqlCommand Command(NpgsqlConnection db, string sql, string[] ids)
    {
        var command = new NpgsqlCommand(sql, db);
        command.Parameters.AddWithValue("ids", ids);
        return command;
    }
}
