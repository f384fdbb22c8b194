using System.Text;
using Npgsql;

namespace PapersPlatform.Testing.Faults;

/// <summary>One line of the verdict: what the clients were told against what a service applied.</summary>
public sealed record EffectRow(string What, int Expected, int Applied, int Lost, int Duplicated);

/// <summary>Outbox rows set aside and messages in _error queues, over every service.</summary>
public sealed record Leftovers(long SetAsideRows, long DeadLetters);

public sealed record Verdict(IReadOnlyList<EffectRow> Rows, int FailedRequests, int FailedButApplied, int HalfApplied, long OutboxBacklog, long SetAsideRows, long DeadLetters)
{
    public bool IsClean => Rows.All(row => row.Lost == 0 && row.Duplicated == 0) && HalfApplied == 0 && OutboxBacklog == 0 && SetAsideRows == 0 && DeadLetters == 0;

    public string ToTable()
    {
        var table = new StringBuilder();
        table.AppendLine($"{"effect",-44} {"expected",9} {"applied",9} {"lost",6} {"duplicated",11}");
        foreach (var row in Rows)
        {
            table.AppendLine($"{row.What,-44} {row.Expected,9} {row.Applied,9} {row.Lost,6} {row.Duplicated,11}");
        }
        table.AppendLine($"failed requests (5xx, timeouts, refused): {FailedRequests}, of which committed before failing: {FailedButApplied}; half-applied: {HalfApplied}");
        table.AppendLine($"outbox backlog: {OutboxBacklog}; outbox rows set aside: {SetAsideRows}; messages in _error queues: {DeadLetters}");
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
    private static readonly string[] Schemas = ["ingestion", "catalogue", "trending", "notification"];

    public static async Task<Verdict> CheckAsync(WorkloadLedger ledger, string adminConnectionString, CancellationToken cancellationToken = default)
    {
        var ids = ledger.Submitters.Keys.ToArray();
        await using var db = new NpgsqlConnection(adminConnectionString);
        await db.OpenAsync(cancellationToken);

        var ingested = await SetAsync(db, "SELECT arxiv_id FROM ingestion.submissions WHERE arxiv_id = ANY(@ids)", ids, cancellationToken);
        var catalogued = await CountsAsync(db, "SELECT arxiv_id, upvotes FROM catalogue.papers WHERE arxiv_id = ANY(@ids)", ids, cancellationToken);
        var trending = await CountsAsync(db, "SELECT arxiv_id, upvotes FROM trending.papers WHERE arxiv_id = ANY(@ids)", ids, cancellationToken);
        var votes = await VotesAsync(db, ids, cancellationToken);
        var voteTimes = votes.GroupBy(vote => vote.Key.ArxivId).ToDictionary(group => group.Key, group => group.Select(vote => vote.Value).ToList());
        var votesPerPaper = voteTimes.ToDictionary(paper => paper.Key, paper => paper.Value.Count);
        // Grouped notifications count people with a current vote (the workload never votes on its own papers).
        var notified = await CountsAsync(db, "SELECT arxiv_id, sum(count)::int FROM notification.notifications WHERE kind = 'upvote' AND arxiv_id = ANY(@ids) GROUP BY arxiv_id", ids, cancellationToken);
        var scores = await ScoresAsync(db, ids, cancellationToken);
        // Every copy of each score (catalogue's for sort=trending, notification's for digests) must end equal to trending's own.
        var catalogueCopies = await SetAsync(db, """
            SELECT t.arxiv_id FROM trending.papers t JOIN catalogue.papers c USING (arxiv_id)
            WHERE t.arxiv_id = ANY(@ids) AND c.trending_version = t.version AND c.trending_score = t.score
            """, ids, cancellationToken);
        var notificationCopies = await SetAsync(db, """
            SELECT t.arxiv_id FROM trending.papers t JOIN notification.papers n USING (arxiv_id)
            WHERE t.arxiv_id = ANY(@ids) AND n.score_version = t.version AND n.score = t.score
            """, ids, cancellationToken);
        var backlog = await ScalarAsync(db, string.Join(" + ", Schemas.Select(schema =>
            $"(SELECT count(*) FROM {schema}.outbox_messages WHERE sent_at IS NULL AND set_aside_at IS NULL)")).Insert(0, "SELECT "), cancellationToken);
        // Only what this workload left: other tests of the run may have set rows aside or dead-lettered on purpose.
        var leftovers = await LeftoversAsync(adminConnectionString, cancellationToken);
        var (setAside, deadLetters) = (leftovers.SetAsideRows - ledger.LeftoversBefore.SetAsideRows, leftovers.DeadLetters - ledger.LeftoversBefore.DeadLetters);

        var accepted = ledger.Submissions.Where(entry => entry.Value == Outcome.Accepted).Select(entry => entry.Key).ToList();
        var certain = ledger.Votes.Where(entry => entry.Value.Outcome == Outcome.Accepted).ToList();
        var endVoted = certain.Where(entry => entry.Value.EndsVoted).Select(entry => entry.Key).ToList();
        var endWithdrawn = certain.Where(entry => !entry.Value.EndsVoted).Select(entry => entry.Key).ToList();
        var scored = accepted.Where(trending.ContainsKey).ToList();
        var rows = new List<EffectRow>
        {
            Presence("submissions → ingestion", accepted, ingested.Contains),
            Presence("submissions → catalogue", accepted, catalogued.ContainsKey),
            Presence("submissions → trending", accepted, trending.ContainsKey),
            Presence("votes kept → catalogue vote ledger", endVoted, votes.ContainsKey),
            Presence("votes withdrawn → gone from the ledger", endWithdrawn, pair => !votes.ContainsKey(pair)),
            Tally("catalogue counts = its ledger", votesPerPaper, catalogued),
            Tally("trending vote counts = catalogue ledger", votesPerPaper, trending),
            Presence("trending scores = recomputed from ledger", scored, arxivId => ScoreMatches(scores, voteTimes.GetValueOrDefault(arxivId) ?? [], arxivId)),
            Tally("notified people = catalogue ledger", votesPerPaper, notified),
            Presence("trending scores → catalogue copy", accepted, catalogueCopies.Contains),
            Presence("trending scores → notification copy", accepted, notificationCopies.Contains),
        };

        var failedSubmissions = ledger.Submissions.Where(entry => entry.Value == Outcome.Failed).Select(entry => entry.Key).ToList();
        var failedVotes = ledger.Votes.Where(entry => entry.Value.Outcome == Outcome.Failed).ToList();
        // A failed submission is all or nothing: stored and published everywhere, or nowhere.
        var halfApplied = failedSubmissions.Count(id => ingested.Contains(id) != catalogued.ContainsKey(id) || ingested.Contains(id) != trending.ContainsKey(id));
        var failedButApplied = failedSubmissions.Count(ingested.Contains) + failedVotes.Count(entry => votes.ContainsKey(entry.Key) == entry.Value.EndsVoted);
        return new Verdict(rows, failedSubmissions.Count + failedVotes.Count, failedButApplied, halfApplied, backlog, setAside, deadLetters);
    }

    /// <summary>
    /// Trending's score against one computed here, independently of its code, from the catalogue's
    /// ledger: ln(e^(submitted/τ) + Σ e^(voted/τ)) in seconds since 2020-01-01, τ = 24 h / ln 2.
    /// </summary>
    private static bool ScoreMatches(Dictionary<string, (double Score, DateTimeOffset SubmittedAt)> scores, List<DateTimeOffset> votedAt, string arxivId)
    {
        if (!scores.TryGetValue(arxivId, out var stored))
        {
            return false;
        }
        var epoch = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var tau = TimeSpan.FromHours(24).TotalSeconds / Math.Log(2);
        var weights = votedAt.Select(at => (at - epoch).TotalSeconds / tau)
            .Append((stored.SubmittedAt - epoch).TotalSeconds / tau).ToList();
        var largest = weights.Max();
        var expected = largest + Math.Log(weights.Sum(weight => Math.Exp(weight - largest)));
        return Math.Abs(stored.Score - expected) <= 1e-9 * Math.Abs(expected);
    }

    /// <summary>
    /// What the whole run has given up on so far: outbox rows set aside and messages in _error
    /// queues. Taken before a workload starts, so that its verdict counts only its own.
    /// </summary>
    public static async Task<Leftovers> LeftoversAsync(string adminConnectionString, CancellationToken cancellationToken = default)
    {
        await using var db = new NpgsqlConnection(adminConnectionString);
        await db.OpenAsync(cancellationToken);
        var setAside = await ScalarAsync(db, string.Join(" + ", Schemas.Select(schema =>
            $"(SELECT count(*) FROM {schema}.outbox_messages WHERE set_aside_at IS NOT NULL)")).Insert(0, "SELECT "), cancellationToken);
        using var broker = new Broker();
        return new Leftovers(setAside, await broker.DeadLettersAsync());
    }

    /// <summary>
    /// Effects arrive eventually (retries, redeliveries, a consumer far behind after the faults):
    /// checks until clean, a duplicate shows (which no amount of waiting undoes), or nothing has
    /// changed for <paramref name="idleTimeout"/>. While effects keep arriving the wait goes on, up
    /// to four times that in all: slow is reported by the figures, lost only when nothing moves.
    /// </summary>
    public static async Task<Verdict> DrainAsync(WorkloadLedger ledger, string adminConnectionString, TimeSpan idleTimeout, CancellationToken cancellationToken = default)
    {
        // Pooled connections opened before a fault crashed the server (an earlier check's) are
        // dead; the first command on one would fail with a broken pipe.
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }
        var hardStop = DateTime.UtcNow + 4 * idleTimeout;
        var deadline = DateTime.UtcNow + idleTimeout;
        var last = "";
        while (true)
        {
            var verdict = await CheckAsync(ledger, adminConnectionString, cancellationToken);
            if (verdict.IsClean || verdict.Rows.Any(row => row.Duplicated > 0))
            {
                return verdict;
            }
            var state = string.Join(",", verdict.Rows.Select(row => row.Applied)) + $";{verdict.OutboxBacklog}";
            if (state != last)
            {
                last = state;
                deadline = new[] { DateTime.UtcNow + idleTimeout, hardStop }.Min();
            }
            if (DateTime.UtcNow > deadline)
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

    private static async Task<Dictionary<(string ArxivId, string Voter), DateTimeOffset>> VotesAsync(NpgsqlConnection db, string[] ids, CancellationToken cancellationToken)
    {
        var votes = new Dictionary<(string, string), DateTimeOffset>();
        await using var reader = await Command(db, "SELECT arxiv_id, user_name, voted_at FROM catalogue.votes WHERE arxiv_id = ANY(@ids)", ids).ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            votes[(reader.GetString(0), reader.GetString(1))] = reader.GetFieldValue<DateTimeOffset>(2);
        }
        return votes;
    }

    /// <summary>Trending's score of each paper, with the catalogue's submission time it was computed from.</summary>
    private static async Task<Dictionary<string, (double, DateTimeOffset)>> ScoresAsync(NpgsqlConnection db, string[] ids, CancellationToken cancellationToken)
    {
        var scores = new Dictionary<string, (double, DateTimeOffset)>();
        await using var reader = await Command(db, """
            SELECT t.arxiv_id, t.score, c.submitted_at FROM trending.papers t JOIN catalogue.papers c USING (arxiv_id) WHERE t.arxiv_id = ANY(@ids)
            """, ids).ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            scores[reader.GetString(0)] = (reader.GetDouble(1), reader.GetFieldValue<DateTimeOffset>(2));
        }
        return scores;
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
