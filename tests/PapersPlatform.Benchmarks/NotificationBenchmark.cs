using System.Diagnostics;
using System.Globalization;
using System.Text;
using MassTransit;
using Npgsql;
using PapersPlatform.Contracts;
using PapersPlatform.Notification.Keywords;
using PapersPlatform.Notification.Mail;
using PapersPlatform.Testing;

namespace PapersPlatform.Benchmarks;

/// <summary>
/// Issue #6's figures with N subscribers of 3 keywords each: what matching one new paper costs
/// (the keyword index against a scan of every subscription, side by side), how fast the consumer
/// turns papers into alerts, and how long a daily digest for every subscriber takes to render
/// and send to an SMTP sink.
/// </summary>
internal static class NotificationBenchmark
{
    private const int ScanSamples = 5;
    private const int ConsumedPapers = 300;
    private const int LatencySamples = 30;
    private const int DigestPapers = 10;

    /// <summary>Ours: the paper's phrases looked up in the keyword index (the lookup of NotificationStore's statement).</summary>
    private const string IndexLookup = """
        SELECT DISTINCT ON (user_name) user_name, keyword FROM notification.keyword_alerts
        WHERE phrase = ANY(@phrases) AND user_name <> 'nobody' ORDER BY user_name, keyword
        """;

    /// <summary>
    /// Naive: every subscription's keywords tested against the paper's text. Generous to it: a
    /// plain substring test, with no word boundaries and no accent folding.
    /// </summary>
    private const string SubscriptionScan = """
        SELECT user_name FROM notification.subscriptions subscription
        WHERE EXISTS (SELECT 1 FROM unnest(subscription.keywords) keyword WHERE strpos(@text, lower(keyword)) > 0)
        """;

    public static async Task<string> RunAsync(PlatformFixture platform, int subscribers, LoadDriver driver)
    {
        var connection = TestEnvironment.ConnectionStringFor("notification");
        var papers = new SyntheticPapers(new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1), TimeSpan.Zero), idYearOffset: 50);
        var started = Stopwatch.StartNew();
        await SubscriberLoader.LoadAsync(connection, subscribers);
        Console.WriteLine($"Loaded {subscribers:N0} subscribers with 3 keywords each in {started.Elapsed.TotalSeconds:N0} s");

        // Both alone, one query at a time, side by side: the index under load comes after.
        var matches = new List<int>();
        var lookup = await new LoadDriver(1, driver.Duration).RunAsync(async random =>
        {
            var paper = papers.Create(random.Next(1_000_000));
            var found = await CountAsync(connection, IndexLookup, command => command.Parameters.AddWithValue("phrases", KeywordText.Phrases(paper.Title, paper.Abstract).ToArray()));
            lock (matches)
            {
                matches.Add(found);
            }
            return true;
        });
        var scanLatencies = new List<double>();
        for (var sample = 0; sample < ScanSamples; sample++)
        {
            var paper = papers.Create(sample);
            var clock = Stopwatch.StartNew();
            await CountAsync(connection, SubscriptionScan, command => command.Parameters.AddWithValue("text", $"{paper.Title} {paper.Abstract}".ToLowerInvariant()));
            scanLatencies.Add(clock.Elapsed.TotalMilliseconds);
        }
        var scan = LoadDriver.Summarize(scanLatencies, 0, TimeSpan.FromSeconds(1));
        var lookupUnderLoad = await driver.RunAsync(async random =>
        {
            var paper = papers.Create(random.Next(1_000_000));
            await CountAsync(connection, IndexLookup, command => command.Parameters.AddWithValue("phrases", KeywordText.Phrases(paper.Title, paper.Abstract).ToArray()));
            return true;
        });
        Console.WriteLine($"Lookup p50 {lookup.P50Ms:N2} ms vs scan p50 {scan.P50Ms:N0} ms; {matches.Order().ElementAt(matches.Count / 2)} subscribers matched per paper (median)");

        var bus = Bus.Factory.CreateUsingRabbitMq(configure => configure.Host(new Uri(TestEnvironment.RabbitMq)));
        await bus.StartAsync();
        (double PapersPerSecond, double AlertsPerSecond) consumed;
        Measurement latency;
        try
        {
            consumed = await ConsumeAsync(bus, papers, connection);
            latency = await PublishedToAlertedAsync(bus, papers, connection);
        }
        finally
        {
            await bus.StopAsync();
        }
        Console.WriteLine($"Consumed {consumed.PapersPerSecond:N1} papers/s ({consumed.AlertsPerSecond:N0} alerts/s); published → alerted p50 {latency.P50Ms:N0} ms");

        var digest = await DigestAsync(platform, connection, subscribers);
        Console.WriteLine($"Digest to {subscribers:N0}: queued in {digest.Queued.TotalSeconds:N1} s, all sent {digest.Sent.TotalSeconds:N0} s after the period ended");

        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"Notification, {subscribers:N0} subscribers with 3 keywords each (a topic word and two 2-word phrases from the papers' 20,000-word vocabulary):");
        table.AppendLine();
        table.AppendLine("| figure | value |");
        table.AppendLine("|---|---:|");
        table.AppendLine(CultureInfo.InvariantCulture, $"| subscribers matched by one paper (median) | {matches.Order().ElementAt(matches.Count / 2):N0} |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| match one paper: its phrases looked up in the keyword index, p50 / p99 ms (alone) | {lookup.P50Ms:N2} / {lookup.P99Ms:N2} |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| match one paper: scan of every subscription, p50 ms ({ScanSamples} samples, alone) | {scan.P50Ms:N0} |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| scan ÷ index | {scan.P50Ms / lookup.P50Ms:N0}× |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| matches/s through the index with {BenchmarkSettings.Clients} clients (p50 ms) | {lookupUnderLoad.RequestsPerSecond:N0} ({lookupUnderLoad.P50Ms:N1}) |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| consumer: papers/s, {ConsumedPapers} published at once (alerts written/s) | {consumed.PapersPerSecond:N1} ({consumed.AlertsPerSecond:N0}) |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| one paper on a quiet system: published → all its alerts stored, p50 / p99 ms | {latency.P50Ms:N0} / {latency.P99Ms:N0} |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| daily digest ({DigestPapers} papers) to every subscriber: queued (one transaction) s | {digest.Queued.TotalSeconds:N1} |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| daily digest: period end → last mail accepted by the SMTP sink, s | {digest.Sent.TotalSeconds:N0} |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| daily digest: mails/s rendered and sent (one instance, one SMTP connection at a time) | {subscribers / digest.Sending.TotalSeconds:N0} |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| mails the sink received for the digest | {digest.Received:N0} |");
        return table.ToString();
    }

    /// <summary>Publishes papers at once; papers/s and alerts/s until the consumer has applied them all.</summary>
    private static async Task<(double, double)> ConsumeAsync(IBusControl bus, SyntheticPapers papers, string connection)
    {
        var inboxBefore = await ScalarAsync(connection, "SELECT count(*) FROM notification.inbox_messages");
        var alertsBefore = await ScalarAsync(connection, "SELECT count(*) FROM notification.notifications");
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, ConsumedPapers), async (index, cancellationToken) =>
            await bus.Publish(Published(papers.Create(index)), cancellationToken));
        while (await ScalarAsync(connection, "SELECT count(*) FROM notification.inbox_messages") < inboxBefore + ConsumedPapers)
        {
            await Task.Delay(100);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var alerts = await ScalarAsync(connection, "SELECT count(*) FROM notification.notifications") - alertsBefore;
        return (ConsumedPapers / seconds, alerts / seconds);
    }

    /// <summary>One paper at a time: from publishing it to its inbox row (committed with all its alerts).</summary>
    private static async Task<Measurement> PublishedToAlertedAsync(IBusControl bus, SyntheticPapers papers, string connection)
    {
        var latencies = new List<double>();
        for (var sample = 0; sample < LatencySamples; sample++)
        {
            var messageId = NewId.NextGuid();
            var clock = Stopwatch.StartNew();
            await bus.Publish(Published(papers.Create(ConsumedPapers + sample)), context => context.MessageId = messageId);
            while (await ScalarAsync(connection, $"SELECT count(*) FROM notification.inbox_messages WHERE message_id = '{messageId}'") == 0)
            {
                await Task.Delay(2);
            }
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }
        return LoadDriver.Summarize(latencies, 0, TimeSpan.FromSeconds(1));
    }

    private static async Task<(TimeSpan Queued, TimeSpan Sent, TimeSpan Sending, long Received)> DigestAsync(PlatformFixture platform, string connection, int subscribers)
    {
        await SubscriberLoader.SubscribeAllToDailyDigestAsync(connection);
        // Papers in the current period, so that the next digest run lists them.
        var length = PlatformFixture.DigestPeriod;
        var (periodStart, periodEnd) = DigestPeriods.LastClosed(DateTimeOffset.UtcNow + length, length);
        await using (var db = new NpgsqlConnection(connection))
        {
            await db.OpenAsync();
            await using var insert = new NpgsqlCommand("""
                INSERT INTO notification.papers (arxiv_id, title, authors, submitted_at, score, score_version)
                SELECT 'digest.' || i, 'A paper for the digest, number ' || i, ARRAY['Ada Lovelace', 'Alan Turing'], @at, i, 1
                FROM generate_series(1, @count) i
                """, db);
            insert.Parameters.AddWithValue("at", periodStart.UtcDateTime.AddSeconds(1));
            insert.Parameters.AddWithValue("count", DigestPapers);
            await insert.ExecuteNonQueryAsync();
        }
        var receivedBefore = platform.Mail.Received;
        var runSql = $"SELECT count(*) FROM notification.digest_runs WHERE frequency = 'daily' AND period_start = '{periodStart.UtcDateTime:O}'";
        while (await ScalarAsync(connection, runSql) == 0)
        {
            await Task.Delay(200);
        }
        var runId = $"(SELECT id FROM notification.digest_runs WHERE frequency = 'daily' AND period_start = '{periodStart.UtcDateTime:O}')";
        while (await ScalarAsync(connection, $"SELECT count(*) FROM notification.mails WHERE digest_run_id = {runId} AND sent_at IS NULL AND abandoned_at IS NULL") > 0)
        {
            await Task.Delay(1_000);
        }
        await using var times = new NpgsqlConnection(connection);
        await times.OpenAsync();
        await using var query = new NpgsqlCommand($"""
            SELECT run.created_at, min(mail.sent_at), max(mail.sent_at), count(mail.sent_at)
            FROM notification.digest_runs run JOIN notification.mails mail ON mail.digest_run_id = run.id
            WHERE run.id = {runId} GROUP BY run.created_at
            """, times);
        await using var reader = await query.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (created, firstSent, lastSent, sent) = (reader.GetDateTime(0), reader.GetDateTime(1), reader.GetDateTime(2), reader.GetInt64(3));
        if (sent != subscribers)
        {
            throw new InvalidOperationException($"{sent:N0} of {subscribers:N0} digest mails were sent.");
        }
        return (firstSent - created, lastSent - periodEnd.UtcDateTime, lastSent - firstSent, platform.Mail.Received - receivedBefore);
    }

    private static PaperPublished Published(Paper paper) =>
        new(paper.ArxivId, paper.Title, paper.Abstract, paper.Authors, paper.Organization, paper.PublishedAt, paper.SubmittedAt, paper.SubmittedBy, null, null);

    private static async Task<int> CountAsync(string connectionString, string sql, Action<NpgsqlCommand> parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        parameters(command);
        await using var reader = await command.ExecuteReaderAsync();
        var count = 0;
        while (await reader.ReadAsync())
        {
            count++;
        }
        return count;
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
