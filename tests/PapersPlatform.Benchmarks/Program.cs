using PapersPlatform.Benchmarks;
using PapersPlatform.Testing;

// deploy/benchmark.sh catalogue [--sizes 10000,100000,1000000] [--seconds 5] [--clients 16]
// deploy/benchmark.sh trending [--sizes 10000,1000000] [--votes-per-paper 10]
// deploy/benchmark.sh import [--papers 100000]
// deploy/benchmark.sh notification [--subscribers 100000]
// deploy/benchmark.sh gateway [--sizes 1000000] [--reads trending] (the largest size only; some reads only)
// deploy/benchmark.sh votes [--seconds 10] [--clients 16] (connections for the Postgres limit)
// deploy/benchmark.sh search [--sizes 10000,100000] (the model's throughput, exact search, related papers, hybrid's cost)
// deploy/benchmark.sh relevance (nDCG@10 and recall@10 of keyword, meaning and hybrid search on a written set)
// deploy/benchmark.sh startup [--starts 3] (the first submissions after a start, build output vs ReadyToRun)
// Starts the platform on this run's throwaway infrastructure, measures, prints a Markdown table
// and saves it under TestResults/.
BenchmarkSettings.Parse(args);
Console.WriteLine(MachineInfo.Describe());

// No trace export: the dashboard would ingest every span on the same two cores and skew the figures.
Environment.SetEnvironmentVariable("PAPERS_TEST_OTLP", null);
// Signed-in requests check their token with accounts as often as in production, not every second as in tests.
// The embedding model stays off: in production it runs on cores of its own, here it would take the
// two that the service being measured needs (papers are still stored for it, and wait).
var settings = new Dictionary<string, string>
{
    ["Auth__TokenCheckSeconds"] = "10",
    ["Embeddings__WorkerEnabled"] = BenchmarkSettings.Mode == "relevance" ? "true" : "false",
};
if (BenchmarkSettings.Mode == "startup")
{
    // It starts the platform itself, once per measurement.
    await SaveAsync(await StartupBenchmark.RunAsync(BenchmarkSettings.Starts, settings));
    return 0;
}
// The SMTP sink only counts: parsing a hundred thousand digests would take the cores from the sender.
var platform = new PlatformFixture { KeepMails = false, Settings = settings };
await platform.InitializeAsync();
try
{
    var driver = new LoadDriver(BenchmarkSettings.Clients, TimeSpan.FromSeconds(BenchmarkSettings.Seconds));
    var table = BenchmarkSettings.Mode switch
    {
        "import" => await ImportBenchmark.RunAsync(platform, BenchmarkSettings.ImportPapers),
        "notification" => await NotificationBenchmark.RunAsync(platform, BenchmarkSettings.Subscribers, driver),
        "votes" => await VoteBenchmark.RunAsync(platform, TimeSpan.FromSeconds(BenchmarkSettings.Seconds)),
        "search" => await SearchBenchmark.RunAsync(platform, BenchmarkSettings.SizesOr([10_000, 100_000]), driver),
        "relevance" => await RelevanceBenchmark.RunAsync(platform),
        "gateway" => await GatewayBenchmark.RunAsync(platform, BenchmarkSettings.Sizes[^1], driver),
        "trending" => await TrendingBenchmark.RunAsync(platform, BenchmarkSettings.Sizes, BenchmarkSettings.VotesPerPaper, driver),
        _ => await CatalogueBenchmark.RunAsync(platform, BenchmarkSettings.Sizes, driver),
    };
    await SaveAsync(table);
    return 0;
}
finally
{
    await platform.DisposeAsync();
}

static async Task SaveAsync(string table)
{
    var report = $"{MachineInfo.Describe()}\n\n{table}";
    Console.WriteLine();
    Console.WriteLine(report);
    Directory.CreateDirectory(Path.Combine(TestEnvironment.RepositoryRoot, "TestResults"));
    await File.WriteAllTextAsync(Path.Combine(TestEnvironment.RepositoryRoot, "TestResults", $"benchmark-{BenchmarkSettings.Mode}.md"), report);
}
