using System.Globalization;
using System.Text;
using PapersPlatform.Testing;

namespace PapersPlatform.Benchmarks;

/// <summary>
/// What the gateway costs and what its cache buys (docs/gateway.md): the same anonymous reads
/// straight to the service, through a gateway with every feature on but the cache, through one
/// with the rate limiter off too (the limiter's cost is the difference), and through one with
/// the cache on, side by side in one run.
/// </summary>
internal static class GatewayBenchmark
{
    private sealed record Read(string Name, string Service, Func<Random, string> Path);

    private sealed record Via(string Name, Func<string, Uri> Address);

    /// <summary>The papers a paper page is read from: today's and yesterday's, the ones people open.</summary>
    private const int HotPapers = 1_000;

    public static async Task<string> RunAsync(PlatformFixture platform, int size, LoadDriver driver)
    {
        var papers = new SyntheticPapers(new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1), TimeSpan.Zero));
        var started = DateTime.UtcNow;
        await CatalogueLoader.LoadAsync(TestEnvironment.ConnectionStringFor("catalogue"), papers, 0, size);
        await TrendingLoader.LoadAsync(TestEnvironment.ConnectionStringFor("trending"), papers, 0, size, votesPerPaper: 3, DateTimeOffset.UtcNow);
        Console.WriteLine($"Loaded {size:N0} papers into the catalogue and trending in {(DateTime.UtcNow - started).TotalSeconds:N0} s");

        var day = papers.DayOf(5_500).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Read[] reads =
        [
            new("day listing", "catalogue", _ => $"/api/papers?date={day}"),
            new("paper page", "catalogue", random => $"/api/papers/{papers.ArxivId(random.Next(HotPapers))}"),
            new("search: common word", "catalogue", _ => $"/api/papers?q={SyntheticPapers.CommonWord}"),
            new("trending", "trending", _ => "/api/trending?window=week&limit=30"),
        ];

        var gateways = new List<ServiceProcess>();
        try
        {
            async Task<Uri> StartAsync(string name, Dictionary<string, string> settings)
            {
                var (process, address) = await platform.StartGatewayAsync(name, settings);
                gateways.Add(process);
                return address;
            }
            var noCache = await StartAsync("gateway-bench-no-cache", new() { ["Gateway__OutputCache__Duration"] = "00:00:00" });
            var noLimiter = await StartAsync("gateway-bench-no-limiter", new()
            {
                ["Gateway__OutputCache__Duration"] = "00:00:00",
                ["Gateway__RateLimits__Enabled"] = "false",
            });
            var cached = await StartAsync("gateway-bench-cached", new() { ["Gateway__OutputCache__Duration"] = "00:00:05" });
            Via[] vias =
            [
                new("direct", service => platform.ServiceAddresses[service]),
                new("gateway, no limiter, no cache", _ => noLimiter),
                new("gateway", _ => noCache),
                new("gateway + cache", _ => cached),
            ];

            // Discarded: JIT, connection pools and Postgres caches warm up before the figures.
            foreach (var read in reads)
            {
                foreach (var via in vias)
                {
                    await driver.RunAsync(via.Address(read.Service), read.Path);
                }
            }
            var results = new Dictionary<(string Read, string Via), Measurement>();
            foreach (var read in reads)
            {
                foreach (var via in vias)
                {
                    var measurement = await driver.RunAsync(via.Address(read.Service), read.Path);
                    results[(read.Name, via.Name)] = measurement;
                    Console.WriteLine($"  {read.Name,-20} {via.Name,-30} p50 {measurement.P50Ms,7:N1} ms  p99 {measurement.P99Ms,7:N1} ms  {measurement.RequestsPerSecond,8:N0} req/s  ({measurement.Failures} failed)");
                }
            }
            return Render(results, reads, vias, size);
        }
        finally
        {
            foreach (var gateway in gateways)
            {
                await gateway.DisposeAsync();
            }
        }
    }

    private static string Render(Dictionary<(string Read, string Via), Measurement> results, Read[] reads, Via[] vias, int size)
    {
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture,
            $"{size:N0} papers, {BenchmarkSettings.Clients} concurrent clients, {BenchmarkSettings.Seconds} s per cell; \"gateway\" has every feature on but the cache; ratios are requests/s ÷ direct:");
        table.AppendLine();
        table.AppendLine($"| read | {string.Join(" | ", vias.Select(via => $"{via.Name} p50 / p99 ms, req/s"))} | gateway ÷ direct | gateway + cache ÷ direct | rate limiter's cost |");
        table.AppendLine($"|---|{string.Concat(vias.Select(_ => "---:|"))}---:|---:|---:|");
        foreach (var read in reads)
        {
            var cells = vias.Select(via => results[(read.Name, via.Name)]).ToArray();
            var (direct, unlimited, gateway, cached) = (cells[0], cells[1], cells[2], cells[3]);
            var limiterCost = 1 - gateway.RequestsPerSecond / unlimited.RequestsPerSecond;
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {read.Name} | {string.Join(" | ", cells.Select(cell => $"{cell.P50Ms:N1} / {cell.P99Ms:N1}, {cell.RequestsPerSecond:N0}"))} | {gateway.RequestsPerSecond / direct.RequestsPerSecond:N2} | {cached.RequestsPerSecond / direct.RequestsPerSecond:N2} | {limiterCost:P1} of throughput, {gateway.P50Ms - unlimited.P50Ms:+0.00;-0.00} ms p50 |");
        }
        return table.ToString();
    }
}
