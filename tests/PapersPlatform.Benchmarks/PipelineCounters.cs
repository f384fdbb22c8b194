using System.Diagnostics;
using PapersPlatform.Testing;

namespace PapersPlatform.Benchmarks;

/// <summary>
/// What the whole platform has done, counted exactly where it is recorded: transaction ids
/// Postgres has handed out (one per transaction that wrote), outbox rows (messages published) and
/// inbox rows (messages consumed, one per consumer) over every schema; and the broker's own totals
/// of messages published and delivered (which it refreshes every five seconds: a step waits for them).
/// </summary>
internal sealed record PipelineCounters(long NextTransactionId, long OutboxRows, long InboxRows, long TrendingVotesCounted, long BrokerPublished, long BrokerDelivered)
{
    private static readonly TimeSpan BrokerStatisticsInterval = TimeSpan.FromSeconds(5.5);

    private const string TrendingVotesSql = "SELECT count(*) FROM trending.inbox_messages WHERE consumer IN ('PaperUpvotedConsumer', 'PaperUpvoteWithdrawnConsumer')";

    private const string Sql = $"""
        SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint,
               (SELECT count(*) FROM catalogue.outbox_messages) + (SELECT count(*) FROM trending.outbox_messages)
                 + (SELECT count(*) FROM ingestion.outbox_messages) + (SELECT count(*) FROM notification.outbox_messages),
               (SELECT count(*) FROM catalogue.inbox_messages) + (SELECT count(*) FROM trending.inbox_messages)
                 + (SELECT count(*) FROM ingestion.inbox_messages) + (SELECT count(*) FROM notification.inbox_messages),
               ({TrendingVotesSql})
        """;

    private static readonly Broker Broker = new();

    /// <summary>The counters once the broker's totals have caught up with what has happened (it refreshes them every five seconds).</summary>
    public static async Task<PipelineCounters> ReadSettledAsync()
    {
        await Task.Delay(BrokerStatisticsInterval);
        return await ReadAsync();
    }

    public static async Task<PipelineCounters> ReadAsync()
    {
        var (published, delivered) = await Broker.MessageTotalsAsync();
        return await ReadDatabaseAsync(published, delivered);
    }

    /// <summary>The database's counters only, for the loops that poll: the broker's totals lag by seconds anyway.</summary>
    private static async Task<PipelineCounters> ReadDatabaseAsync(long brokerPublished = 0, long brokerDelivered = 0)
    {
        await using var connection = new Npgsql.NpgsqlConnection(TestEnvironment.DatabaseAdmin);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new PipelineCounters(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), brokerPublished, brokerDelivered);
    }

    /// <summary>Until trending has applied <paramref name="votes"/> more votes than at <paramref name="before"/>.</summary>
    public static async Task WaitUntilTrendingHasCountedAsync(PipelineCounters before, int votes)
    {
        var waited = Stopwatch.StartNew();
        // Polled every few milliseconds: one count, not every counter and a call to the broker.
        while (await AdminDatabase.ScalarAsync<long>(TrendingVotesSql) < before.TrendingVotesCounted + votes)
        {
            if (waited.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException("Trending did not count every vote within 5 minutes.");
            }
            await Task.Delay(5);
        }
    }

    /// <summary>Until nothing more is published or consumed for a second: the scores' copies and the notifications have followed too.</summary>
    public static async Task WaitUntilQuietAsync()
    {
        var last = await ReadDatabaseAsync();
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = await ReadDatabaseAsync();
            if (now.OutboxRows == last.OutboxRows && now.InboxRows == last.InboxRows)
            {
                return;
            }
            last = now;
        }
    }
}
