using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using PapersPlatform.Testing;

namespace PapersPlatform.Benchmarks;

/// <summary>
/// Submissions, quiet and under a bulk import (docs/performance.md):
/// 1. on the platform just started, single submissions by signed-in users one after another,
///    each timed until answered and until visible in the catalogue, the first one after start-up
///    shown on its own;
/// 2. a JSON Lines file of N papers sent with the papers-import client through the gateway, timed
///    until accepted, and until every paper is in the catalogue and in trending (the outbox relay
///    and the consumers included), while a user keeps submitting single papers beside it.
/// </summary>
internal static class ImportBenchmark
{
    private const int QuietSubmissions = 100;
    private static readonly TimeSpan QuietPause = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan SinglesDuringImportPause = TimeSpan.FromMilliseconds(200);

    public static async Task<string> RunAsync(PlatformFixture platform, int count)
    {
        var newestDay = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1), TimeSpan.Zero);
        await using var singles = new SubmissionSampler(platform, new SyntheticPapers(newestDay, idYearOffset: 22));

        // 1. Quiet: nothing else runs, and nothing was submitted since the platform started.
        var first = await singles.SubmitAsync(waitUntilVisible: true);
        Console.WriteLine($"First submission after start-up: answered in {first.AnswerMs:N1} ms, visible after {first.VisibleMs:N1} ms");
        var quiet = new List<SubmissionTiming>();
        for (var i = 0; i < QuietSubmissions; i++)
        {
            await Task.Delay(QuietPause);
            quiet.Add(await singles.SubmitAsync(waitUntilVisible: true));
        }
        var quietStages = await PipelineStages.DescribeAsync(quiet);

        // 2. The bulk import, with single submissions beside it.
        var papers = new SyntheticPapers(newestDay, idYearOffset: 20);
        var file = Path.Combine(Path.GetTempPath(), $"benchmark-import-{count}.jsonl");
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, count).Select(index => Line(papers.Create(index))));
        using var client = platform.CreateClient();
        await client.SignInAsImporterAsync();
        var cpuBefore = CpuAccount.Read(platform);
        var clock = Stopwatch.StartNew();
        using var importing = new CancellationTokenSource();
        var beside = SubmitWhileAsync(singles, importing.Token);
        var (cliOutput, cliCpu) = await RunClientAsync(platform.GatewayAddress, client.Http.DefaultRequestHeaders.Authorization!.Parameter!, file);
        var imported = clock.Elapsed;
        await importing.CancelAsync();
        var duringImport = await beside;
        Console.WriteLine(cliOutput);

        TimeSpan? inCatalogue = null, inTrending = null;
        await using var database = new NpgsqlConnection(TestEnvironment.DatabaseAdmin);
        await database.OpenAsync();
        var expected = count + QuietSubmissions + 1 + duringImport.Count;
        // Counting a table of 100,000 rows takes Postgres ~30 ms, which ten times a second was 15 %
        // of a core taken from the pipeline it measures: a primary-key look-up of the file's last
        // 100 papers comes first, and the count only once they are all there.
        var tail = Enumerable.Range(Math.Max(0, count - 100), Math.Min(count, 100)).Select(papers.ArxivId).ToArray();
        while ((inCatalogue is null || inTrending is null) && clock.Elapsed < TimeSpan.FromMinutes(30))
        {
            inCatalogue ??= await AllThereAsync(database, "catalogue.papers", tail, expected) ? clock.Elapsed : null;
            inTrending ??= await AllThereAsync(database, "trending.papers", tail, expected) ? clock.Elapsed : null;
            await Task.Delay(100);
        }
        var cpu = new Dictionary<string, double>(CpuAccount.Read(platform).PerItemSince(cpuBefore, count)) { ["papers-import"] = cliCpu.TotalMilliseconds / count };
        File.Delete(file);
        return Render(count, first, quiet, quietStages, imported, inCatalogue, inTrending, duringImport, cpu);
    }

    /// <summary>A user submitting a paper every 200 ms until the import is accepted: are single submissions starved?</summary>
    private static async Task<List<SubmissionTiming>> SubmitWhileAsync(SubmissionSampler singles, CancellationToken importing)
    {
        var timings = new List<SubmissionTiming>();
        while (!importing.IsCancellationRequested)
        {
            timings.Add(await singles.SubmitAsync(waitUntilVisible: false));
            try
            {
                await Task.Delay(SinglesDuringImportPause, importing);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return timings;
    }

    private static string Render(
        int count, SubmissionTiming first, List<SubmissionTiming> quiet, string quietStages, TimeSpan imported, TimeSpan? inCatalogue, TimeSpan? inTrending,
        List<SubmissionTiming> duringImport, IReadOnlyDictionary<string, double> cpu)
    {
        var answers = LoadDriver.Summarize(quiet.Select(timing => timing.AnswerMs), 0, TimeSpan.FromSeconds(1));
        var visible = LoadDriver.Summarize(quiet.Select(timing => timing.VisibleMs!.Value), 0, TimeSpan.FromSeconds(1));
        var busy = LoadDriver.Summarize(duringImport.Select(timing => timing.AnswerMs), 0, TimeSpan.FromSeconds(1));
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"Single submissions on a quiet platform (signed-in users, through the gateway, one at a time {QuietPause.TotalMilliseconds:N0} ms apart; visible = committed in the catalogue's table):");
        table.AppendLine();
        table.AppendLine("| submissions | answer p50 / p99 / max ms | submit → visible p50 / p99 / max ms | target visible p50 / p99 ms | met |");
        table.AppendLine("|---|---:|---:|---:|---|");
        table.AppendLine(CultureInfo.InvariantCulture, $"| the first after start-up | {first.AnswerMs:N1} | {first.VisibleMs:N1} | – / 300 | {(first.VisibleMs <= 300 ? "yes" : "no")} |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| the next {quiet.Count} | {answers.P50Ms:N1} / {answers.P99Ms:N1} / {quiet.Max(timing => timing.AnswerMs):N1} | {visible.P50Ms:N1} / {visible.P99Ms:N1} / {quiet.Max(timing => timing.VisibleMs!.Value):N1} | 50 / 300 | {(visible.P50Ms <= 50 && visible.P99Ms <= 300 ? "yes" : "no")} |");
        table.AppendLine();
        table.AppendLine(quietStages);
        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"Bulk import of {count:N0} papers (JSON Lines, papers-import client, batches of 1,000, through the gateway):");
        table.AppendLine();
        table.AppendLine("| step | seconds after start | papers/s | target papers/s | met |");
        table.AppendLine("|---|---:|---:|---:|---|");
        table.AppendLine(CultureInfo.InvariantCulture, $"| all accepted by ingestion (stored + outbox) | {imported.TotalSeconds:N1} | {count / imported.TotalSeconds:N0} | 5,000 | {Met(count, imported, 5_000)} |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| all visible in the catalogue | {Seconds(inCatalogue)} | {Rate(count, inCatalogue)} | 2,000 | {Met(count, inCatalogue, 2_000)} |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| all scored by trending | {Seconds(inTrending)} | {Rate(count, inTrending)} | 2,000 | {Met(count, inTrending, 2_000)} |");
        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"Single submissions while the import was being accepted ({duringImport.Count}, one every {SinglesDuringImportPause.TotalMilliseconds:N0} ms): answer p50 / p99 / max {busy.P50Ms:N1} / {busy.P99Ms:N1} / {(duringImport.Count > 0 ? duringImport.Max(timing => timing.AnswerMs) : double.NaN):N1} ms (target p99 ≤ 500 ms: {(busy.P99Ms <= 500 ? "met" : "not met")}).");
        table.AppendLine();
        table.AppendLine("CPU milliseconds per imported paper, from the import's start until every paper was in the catalogue and trending (every process; notification may still be at work then):");
        table.AppendLine();
        var parts = cpu.OrderByDescending(pair => pair.Value).ToList();
        table.AppendLine($"| {string.Join(" | ", parts.Select(pair => pair.Key))} | all |");
        table.AppendLine($"|{string.Concat(parts.Select(_ => "---:|"))}---:|");
        table.AppendLine(CultureInfo.InvariantCulture, $"| {string.Join(" | ", parts.Select(pair => pair.Value.ToString("N2", CultureInfo.InvariantCulture)))} | {parts.Sum(pair => pair.Value):N2} |");
        return table.ToString();
    }

    private static string Met(int count, TimeSpan? elapsed, double target) => elapsed is { } value && count / value.TotalSeconds >= target ? "yes" : "no";

    private static string Line(Paper paper) => JsonSerializer.Serialize(new
    {
        arxivId = paper.ArxivId,
        title = paper.Title,
        @abstract = paper.Abstract,
        authors = paper.Authors,
        organization = paper.Organization,
        publishedAt = paper.PublishedAt,
    });

    /// <summary>Runs papers-import on the file; its output, and the CPU it used.</summary>
    private static async Task<(string Output, TimeSpan Cpu)> RunClientAsync(Uri gateway, string token, string file)
    {
        var cli = Path.Combine(TestEnvironment.RepositoryRoot, "tools", "PapersPlatform.Import", "bin", TestEnvironment.Configuration, "net10.0", "papers-import.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true };
        foreach (var argument in new[] { cli, file, "--gateway", gateway.ToString() })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["PAPERS_TOKEN"] = token;
        var before = CpuAccount.ReapedChildren();
        using var process = Process.Start(start)!; // the progress bar goes to this console's stderr
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? (output, CpuAccount.ReapedChildren() - before) : throw new InvalidOperationException($"papers-import exited with {process.ExitCode}: {output}");
    }

    private static async Task<bool> AllThereAsync(NpgsqlConnection database, string table, string[] tail, int expected)
    {
        await using var last = new NpgsqlCommand($"SELECT count(*) FROM {table} WHERE arxiv_id = ANY($1)", database) { Parameters = { new() { Value = tail } } };
        if ((long)(await last.ExecuteScalarAsync())! < tail.Length)
        {
            return false;
        }
        await using var all = new NpgsqlCommand($"SELECT count(*) FROM {table}", database);
        return (long)(await all.ExecuteScalarAsync())! >= expected;
    }

    private static string Seconds(TimeSpan? elapsed) => elapsed is { } value ? value.TotalSeconds.ToString("N1", CultureInfo.InvariantCulture) : "not within 30 min";

    private static string Rate(int count, TimeSpan? elapsed) => elapsed is { } value ? (count / value.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture) : "–";
}
