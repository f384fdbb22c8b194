using System.Diagnostics;
using System.Globalization;
using System.Text;
using MassTransit;
using Npgsql;
using PapersPlatform.Contracts;
using PapersPlatform.Testing;

namespace PapersPlatform.Benchmarks;

/// <summary>
/// Issue #5's figures at growing sizes: how many votes/s trending absorbs, how long a vote takes to
/// show in /api/trending, what reading the top 50 costs through the gateway, and the same top 50
/// by the stored score against a naive recompute-and-sort of every score, side by side.
/// </summary>
internal static class TrendingBenchmark
{
    private const int UpdateVotes = 10_000;
    private const int LatencySamples = 50;

    /// <summary>Ours: the stored, time-invariant score and its index (what GET /api/trending runs).</summary>
    private const string StoredTop = """
        SELECT arxiv_id, score FROM trending.papers WHERE submitted_at >= @since ORDER BY score DESC, arxiv_id LIMIT 50
        """;

    /// <summary>
    /// Naive: recompute every score at read time and sort (Hacker News' votes / (age + 2)^1.8;
    /// given the vote count ready-made and in double precision, which is generous to it).
    /// </summary>
    private const string RecomputedTop = """
        SELECT arxiv_id FROM trending.papers WHERE submitted_at >= @since
        ORDER BY (upvotes + 1) / power(extract(epoch FROM now() - submitted_at)::float8 / 3600 + 2, 1.8) DESC, arxiv_id LIMIT 50
        """;

    public static async Task<string> RunAsync(PlatformFixture platform, int[] sizes, int votesPerPaper, LoadDriver driver)
    {
        // Not measured here: the catalogue's copy of the scores waits in its queue instead of competing for the two cores.
        await platform.Processes.Single(process => process.Name == "catalogue").KillAsync();
        var bus = Bus.Factory.CreateUsingRabbitMq(configure => configure.Host(new Uri(TestEnvironment.RabbitMq)));
        await bus.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var papers = new SyntheticPapers(new DateTimeOffset(now.UtcDateTime.Date.AddDays(-1), TimeSpan.Zero), idYearOffset: 30);
        var connection = TestEnvironment.ConnectionStringFor("trending");
        var rows = new List<string>();
        var loaded = 0;
        try
        {
            foreach (var size in sizes)
            {
                var started = Stopwatch.StartNew();
                await TrendingLoader.LoadAsync(connection, papers, loaded, size, votesPerPaper, now);
                Console.WriteLine($"Loaded trending papers {loaded:N0}–{size:N0} ({size * (long)votesPerPaper:N0} votes in all) in {started.Elapsed.TotalSeconds:N0} s");
                if (loaded == 0)
                {
                    // Discarded: JIT, connection pools and Postgres caches warm up before the first figures.
                    await AbsorbAsync(bus, papers, size, connection, votes: 2_000);
                    await driver.RunAsync(platform.GatewayAddress, _ => "/api/trending?window=day&limit=50");
                    await driver.RunAsync(platform.GatewayAddress, _ => "/api/trending?window=all&limit=50");
                }
                loaded = size;

                var absorbed = await AbsorbAsync(bus, papers, size, connection, UpdateVotes);
                var latency = await VoteToVisibleAsync(bus, papers, size, platform.GatewayAddress);
                var readDay = await driver.RunAsync(platform.GatewayAddress, _ => "/api/trending?window=day&limit=50");
                var readAll = await driver.RunAsync(platform.GatewayAddress, _ => "/api/trending?window=all&limit=50");
                var storedDay = await QueryAsync(driver, connection, StoredTop, TimeSpan.FromDays(1));
                var naiveDay = await QueryAsync(driver, connection, RecomputedTop, TimeSpan.FromDays(1));
                var storedAll = await QueryAsync(driver, connection, StoredTop, null);
                var naiveAll = await QueryAsync(driver, connection, RecomputedTop, null);
                rows.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {size:N0} | {size * (long)votesPerPaper:N0} | {absorbed:N0} | {latency.P50Ms:N0} / {latency.P99Ms:N0} | {readDay.P50Ms:N1} / {readDay.P99Ms:N1} | {readAll.P50Ms:N1} / {readAll.P99Ms:N1} | {storedDay.P50Ms:N2} vs {naiveDay.P50Ms:N2} ({naiveDay.P50Ms / storedDay.P50Ms:N1}×) | {storedAll.P50Ms:N2} vs {naiveAll.P50Ms:N1} ({naiveAll.P50Ms / storedAll.P50Ms:N0}×) |"));
                Console.WriteLine(rows[^1]);
            }
        }
        finally
        {
            await bus.StopAsync();
        }

        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"Trending, {votesPerPaper} votes per paper already scored, {BenchmarkSettings.Clients} concurrent clients, {BenchmarkSettings.Seconds} s per read figure:");
        table.AppendLine();
        table.AppendLine("| papers | votes scored | votes/s absorbed | vote → visible p50 / p99 ms | GET day top 50 p50 / p99 ms (gateway) | GET all top 50 p50 / p99 ms (gateway) | day top 50 in SQL p50 ms: stored vs recomputed | all top 50 in SQL p50 ms: stored vs recomputed |");
        table.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        rows.ForEach(row => table.AppendLine(row));
        return table.ToString();
    }

    /// <summary>Publishes votes on random papers as fast as RabbitMQ takes them; votes/s until trending has consumed them all.</summary>
    private static async Task<double> AbsorbAsync(IBusControl bus, SyntheticPapers papers, int size, string connection, int votes)
    {
        var before = await InboxCountAsync(connection);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, votes), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (vote, cancellationToken) =>
            await bus.Publish(Vote(papers, Random.Shared.Next(size), $"bench-{Guid.NewGuid():N}"), cancellationToken));
        while (await InboxCountAsync(connection) < before + votes)
        {
            await Task.Delay(100);
        }
        return votes / clock.Elapsed.TotalSeconds;
    }

    /// <summary>One vote at a time on a quiet system: from publishing it to GET /api/trending/{id} showing it.</summary>
    private static async Task<Measurement> VoteToVisibleAsync(IBusControl bus, SyntheticPapers papers, int size, Uri gateway)
    {
        using var http = new HttpClient { BaseAddress = gateway };
        var latencies = new List<double>();
        for (var sample = 0; sample < LatencySamples; sample++)
        {
            var index = Random.Shared.Next(size);
            var arxivId = papers.ArxivId(index);
            var before = await UpvotesAsync(http, arxivId);
            var clock = Stopwatch.StartNew();
            await bus.Publish(Vote(papers, index, $"latency-{sample}"));
            while (await UpvotesAsync(http, arxivId) == before)
            {
                await Task.Delay(2);
            }
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }
        return LoadDriver.Summarize(latencies, 0, TimeSpan.FromSeconds(1));
    }

    private static Task<Measurement> QueryAsync(LoadDriver driver, string connectionString, string sql, TimeSpan? window) =>
        driver.RunAsync(async _ =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("since", window is { } span ? DateTime.UtcNow - span : DateTime.MinValue.ToUniversalTime());
            await using var reader = await command.ExecuteReaderAsync();
            var count = 0;
            while (await reader.ReadAsync())
            {
                count++;
            }
            return count > 0;
        });

    private static PaperUpvoted Vote(SyntheticPapers papers, int index, string voter)
    {
        var paper = papers.Create(index);
        return new PaperUpvoted(paper.ArxivId, paper.Title, paper.SubmittedBy, paper.SubmittedAt, voter, 0, DateTimeOffset.UtcNow);
    }

    private static async Task<int> UpvotesAsync(HttpClient http, string arxivId)
    {
        var explanation = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(http, $"/api/trending/{arxivId}");
        return explanation.GetProperty("inputs").GetProperty("upvotes").GetInt32();
    }

    private static async Task<long> InboxCountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM trending.inbox_messages", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
