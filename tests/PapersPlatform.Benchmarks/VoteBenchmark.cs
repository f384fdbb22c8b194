using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PapersPlatform.Testing;

namespace PapersPlatform.Benchmarks;

/// <summary>
/// The vote pipeline against this machine's own limit (docs/performance.md): first what Postgres
/// and the broker can do at most, then signed-in users voting through the gateway on 40 papers
/// with rising client counts until throughput stops growing. Each user toggles: an upvote on a
/// paper they have not voted for, a withdrawal on one they have, so every answer is a vote that
/// changes state and travels the whole pipeline.
/// </summary>
internal static class VoteBenchmark
{
    private const int ContestedPapers = 40;
    private const int SamplePapers = 8;

    private sealed record Step(
        int Clients, int Votes, int Failures, double VotesPerSecond, double AnswerP50, double AnswerP99,
        double VisibleP50, double VisibleP99, int VisibleSamples, double DrainSeconds,
        double WriteTransactionsPerVote, double PublishedPerVote, double ConsumedPerVote, double InboxRowsPerVote, IReadOnlyDictionary<string, double> CpuMsPerVote);

    public static async Task<string> RunAsync(PlatformFixture platform, TimeSpan duration)
    {
        var papers = new SyntheticPapers(new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero), idYearOffset: 45);
        await CatalogueLoader.LoadAsync(TestEnvironment.ConnectionStringFor("catalogue"), papers, 0, ContestedPapers + SamplePapers);
        await TrendingLoader.LoadAsync(TestEnvironment.ConnectionStringFor("trending"), papers, 0, ContestedPapers + SamplePapers, votesPerPaper: 1, DateTimeOffset.UtcNow);

        Console.WriteLine("Measuring this machine's limits…");
        var postgresLimit = await VoteLimits.PostgresVoteTransactionsPerSecondAsync(BenchmarkSettings.Clients, duration);
        var postgresOnCatalogueRows = await VoteLimits.PostgresVoteTransactionsPerSecondAsync(BenchmarkSettings.Clients, duration, catalogueRows: true);
        var brokerLimit = await VoteLimits.BrokerMessagesPerSecondAsync(20_000);
        Console.WriteLine($"  Postgres: {postgresLimit:N0} vote-shaped transactions/s ({postgresOnCatalogueRows:N0} on the catalogue's paper rows); broker: {brokerLimit:N0} messages/s published with confirm and consumed");

        var users = new List<Voter>();
        var clientSteps = BenchmarkSettings.ClientSteps;
        const int WarmUpClients = 4;
        for (var i = 0; i <= Math.Max(clientSteps[^1], WarmUpClients); i++)
        {
            var client = platform.CreateClient();
            await client.SignUpAndSignInAsync("voter");
            users.Add(new Voter(client));
        }
        var sampler = users[^1];

        // Discarded: JIT, connection pools and plan caches warm up before the figures.
        await MeasureStepAsync(WarmUpClients, TimeSpan.FromSeconds(3));

        // What the platform costs doing nothing, to tell it from what votes cost.
        var idleBefore = CpuAccount.Read(platform);
        await Task.Delay(TimeSpan.FromSeconds(BenchmarkSettings.IdleSeconds));
        var idle = CpuAccount.Read(platform).PerItemSince(idleBefore, BenchmarkSettings.IdleSeconds);
        Console.WriteLine($"  Idle, CPU ms per second: {string.Join(", ", idle.Select(part => $"{part.Key} {part.Value:N1}"))}");

        var steps = new List<Step>();
        foreach (var clients in clientSteps)
        {
            var step = await MeasureStepAsync(clients, duration);
            steps.Add(step);
            Console.WriteLine($"  {clients,3} clients: {step.VotesPerSecond,7:N0} votes/s, answer p50 {step.AnswerP50:N1} / p99 {step.AnswerP99:N1} ms, visible p50 {step.VisibleP50:N0} / p99 {step.VisibleP99:N0} ms ({step.VisibleSamples} samples), drained {step.DrainSeconds:N1} s after the last answer, {step.WriteTransactionsPerVote:N2} write tx, {step.PublishedPerVote:N2} published, {step.ConsumedPerVote:N2} delivered, {step.InboxRowsPerVote:N2} inbox rows per vote ({step.Failures} failed)");
            Console.WriteLine($"      CPU ms per vote: {string.Join(", ", step.CpuMsPerVote.Select(part => $"{part.Key} {part.Value:N2}"))}");
            var best = steps.Take(steps.Count - 1).Select(earlier => earlier.VotesPerSecond).DefaultIfEmpty(0).Max();
            if (clients >= 16 && step.VotesPerSecond < best * 1.1)
            {
                break; // throughput has stopped growing
            }
        }
        return Render(steps, idle, postgresLimit, postgresOnCatalogueRows, brokerLimit, duration);

        async Task<Step> MeasureStepAsync(int clients, TimeSpan length)
        {
            var before = await PipelineCounters.ReadAsync();
            var cpuBefore = CpuAccount.Read(platform);
            var latencies = new List<double>[clients];
            var failures = 0;
            var clock = Stopwatch.StartNew();
            var load = Task.WhenAll(Enumerable.Range(0, clients).Select(async index =>
            {
                var random = new Random(index);
                var mine = latencies[index] = [];
                while (clock.Elapsed < length)
                {
                    var started = Stopwatch.GetTimestamp();
                    if (await users[index].ToggleAsync(papers.ArxivId(random.Next(ContestedPapers))) is not null)
                    {
                        mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                    else
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            }));
            var sampling = SampleVisibilityAsync(() => clock.Elapsed < length);
            await load;
            // The step ends with the clients' last answers; the drain is timed from there (the
            // sampler may still be waiting for its last vote to show).
            var elapsed = clock.Elapsed;
            var drain = Stopwatch.StartNew();
            var visible = await sampling;
            var votes = latencies.Sum(list => list.Count) + visible.Count;
            await PipelineCounters.WaitUntilTrendingHasCountedAsync(before, votes);
            var drainSeconds = drain.Elapsed.TotalSeconds;
            await PipelineCounters.WaitUntilQuietAsync();
            var cpu = CpuAccount.Read(platform).PerItemSince(cpuBefore, votes);
            var after = await PipelineCounters.ReadSettledAsync();
            var answers = LoadDriver.Summarize(latencies.SelectMany(list => list), failures, elapsed);
            var seen = LoadDriver.Summarize(visible, 0, elapsed);
            return new Step(clients, votes, failures, votes / elapsed.TotalSeconds, answers.P50Ms, answers.P99Ms, seen.P50Ms, seen.P99Ms, visible.Count, drainSeconds,
                (after.NextTransactionId - before.NextTransactionId) / (double)votes,
                (after.BrokerPublished - before.BrokerPublished) / (double)votes,
                (after.BrokerDelivered - before.BrokerDelivered) / (double)votes,
                (after.InboxRows - before.InboxRows) / (double)votes, cpu);
        }

        // One vote at a time on papers nobody else votes on: from its answer to trending showing it.
        async Task<List<double>> SampleVisibilityAsync(Func<bool> running)
        {
            var samples = new List<double>();
            for (var sample = 0; running(); sample++)
            {
                var arxivId = papers.ArxivId(ContestedPapers + sample % SamplePapers);
                var counted = await TrendingUpvotesAsync(arxivId);
                var upvoted = await sampler.ToggleAsync(arxivId);
                if (upvoted is null)
                {
                    continue;
                }
                var answered = Stopwatch.StartNew();
                // Changed, not a count expected: the loaded papers' votes are not in trending's ledger,
                // so the first withdrawal on each recomputes the count from the ledger alone.
                while (await TrendingUpvotesAsync(arxivId) == counted)
                {
                    if (answered.Elapsed > TimeSpan.FromMinutes(1))
                    {
                        var catalogue = await AdminDatabase.ScalarAsync<long>("SELECT upvotes FROM catalogue.papers WHERE arxiv_id = $1", arxivId);
                        var unsent = await AdminDatabase.ScalarAsync<long>("SELECT count(*) FROM catalogue.outbox_messages WHERE sent_at IS NULL");
                        throw new TimeoutException($"Trending never showed the vote on {arxivId} (upvote: {upvoted}): it still counts {counted}; the catalogue counts {catalogue} and has {unsent} messages unsent.");
                    }
                    await Task.Delay(5);
                }
                samples.Add(answered.Elapsed.TotalMilliseconds);
                await Task.Delay(20);
            }
            return samples;
        }
    }

    /// <summary>
    /// What trending's API answers (its table, committed), read with one indexed query: the API's
    /// explanation runs five queries, and polling it every few milliseconds was itself a load.
    /// </summary>
    private static async Task<int> TrendingUpvotesAsync(string arxivId) =>
        await AdminDatabase.ScalarAsync<int>("SELECT upvotes FROM trending.papers WHERE arxiv_id = $1", arxivId);

    private static string Render(List<Step> steps, IReadOnlyDictionary<string, double> idle, double postgresLimit, double postgresOnCatalogueRows, double brokerLimit, TimeSpan duration)
    {
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"""
            Votes through the gateway on {ContestedPapers} papers, each client a signed-in user toggling its vote, {duration.TotalSeconds:N0} s per step.
            This machine's limits, measured first in the same run: Postgres **{postgresLimit:N0}** transactions/s of the vote's own shape ({BenchmarkSettings.Clients} connections;
            {postgresOnCatalogueRows:N0}/s on a copy of the catalogue's paper rows, whose indexes every count change updates);
            RabbitMQ through MassTransit **{brokerLimit:N0}** messages/s (publish with confirm → consume). The limit of a step is the smaller of
            Postgres tx/s ÷ write transactions per vote and broker msg/s ÷ messages delivered per vote, with that step's own counts
            (write transactions: transaction ids Postgres handed out; messages: the broker's totals).
            "Visible" is from a vote's answer to trending counting it in the table its API reads (one sampling user on papers of its own, during the load, polling every 5 ms).
            """);
        table.AppendLine();
        table.AppendLine("| clients | votes/s | answer p50 / p99 ms | vote → visible p50 / p99 ms | all counted after last answer s | write tx / vote | messages published / delivered per vote | limit votes/s | votes/s ÷ limit |");
        table.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var step in steps)
        {
            var limit = Math.Min(postgresLimit / step.WriteTransactionsPerVote, brokerLimit / step.ConsumedPerVote);
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {step.Clients} | {step.VotesPerSecond:N0} | {step.AnswerP50:N1} / {step.AnswerP99:N1} | {step.VisibleP50:N0} / {step.VisibleP99:N0} | {step.DrainSeconds:N2} | {step.WriteTransactionsPerVote:N2} | {step.PublishedPerVote:N2} / {step.ConsumedPerVote:N2} | {limit:N0} | {step.VotesPerSecond / limit:N2} |");
        }
        var parts = steps[0].CpuMsPerVote.Keys.ToArray();
        table.AppendLine();
        table.AppendLine("Where the time goes: CPU milliseconds per vote of each part, over the step and until everything it caused was consumed (the sampler's polling included):");
        table.AppendLine();
        table.AppendLine($"| clients | {string.Join(" | ", parts)} | all |");
        table.AppendLine($"|---:|{string.Concat(parts.Select(_ => "---:|"))}---:|");
        foreach (var step in steps)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| {step.Clients} | {string.Join(" | ", parts.Select(part => step.CpuMsPerVote[part].ToString("N2", CultureInfo.InvariantCulture)))} | {step.CpuMsPerVote.Values.Sum():N2} |");
        }
        table.AppendLine(CultureInfo.InvariantCulture, $"| idle, ms per second | {string.Join(" | ", parts.Select(part => idle[part].ToString("N1", CultureInfo.InvariantCulture)))} | {idle.Values.Sum():N1} |");
        return table.ToString();
    }

    /// <summary>One signed-in user and the papers it has upvoted.</summary>
    private sealed class Voter(GatewayClient client)
    {
        private readonly HashSet<string> _upvoted = [];

        /// <summary>Upvotes or withdraws; true when it is now an upvote, null when the vote failed.</summary>
        public async Task<bool?> ToggleAsync(string arxivId)
        {
            var upvote = !_upvoted.Contains(arxivId);
            using var response = upvote
                ? await client.Http.PostAsync($"/api/papers/{arxivId}/upvote", null)
                : await client.Http.DeleteAsync($"/api/papers/{arxivId}/upvote");
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }
            if (upvote)
            {
                _upvoted.Add(arxivId);
            }
            else
            {
                _upvoted.Remove(arxivId);
            }
            return upvote;
        }
    }
}
