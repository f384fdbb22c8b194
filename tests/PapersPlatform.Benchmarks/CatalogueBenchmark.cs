using System.Globalization;
using System.Text;
using PapersPlatform.Testing;

namespace PapersPlatform.Benchmarks;

/// <summary>
/// The catalogue's reads (docs/papers.md, docs/performance.md): p50/p99 and requests/s of a day
/// listing, a paper page and three searches at growing sizes, side by side in one run through a
/// gateway without its cache (what every cache miss costs), straight to the catalogue, and, at the
/// largest size, through the platform's own gateway with its cache; then the searches at 1, 4 and
/// 16 clients, which separates a search's own time from the queue of 16 clients on 2 cores.
/// </summary>
internal static class CatalogueBenchmark
{
    private sealed record Kind(string Name, Func<int, Random, string> Path, double TargetP99Ms);

    private static readonly int[] Concurrencies = [1, 4, 16];

    public static async Task<string> RunAsync(PlatformFixture platform, int[] sizes, LoadDriver driver)
    {
        var papers = new SyntheticPapers(new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1), TimeSpan.Zero));
        var day = papers.DayOf(5_500).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture); // a full day at every size
        Kind[] kinds =
        [
            new("day listing", (_, _) => $"/api/papers?date={day}", 30),
            new("paper page", (size, random) => $"/api/papers/{papers.ArxivId(random.Next(size))}", 15),
            // The full-text search (mode=keyword): its target is issue 15's, and the loaded papers have no vectors.
            new("search: common word", (_, _) => $"/api/papers?q={SyntheticPapers.CommonWord}&mode=keyword", 50),
            new("search: rare phrase", (_, _) => $"/api/papers?q={Uri.EscapeDataString($"\"{SyntheticPapers.RarePhrase}\"")}&mode=keyword", 50),
            new("search: no match", (_, _) => $"/api/papers?q={SyntheticPapers.NoMatch}&mode=keyword", 50),
        ];

        var (uncached, uncachedAddress) = await platform.StartGatewayAsync("gateway-bench-no-cache", new Dictionary<string, string> { ["Gateway__OutputCache__Duration"] = "00:00:00" });
        await using var _ = uncached;
        var vias = new[] { ("gateway", uncachedAddress), ("direct", platform.ServiceAddresses["catalogue"]) };

        var results = new Dictionary<(int Size, string Kind, string Via), Measurement>();
        var loaded = 0;
        foreach (var size in sizes)
        {
            var started = DateTime.UtcNow;
            await CatalogueLoader.LoadAsync(TestEnvironment.ConnectionStringFor("catalogue"), papers, loaded, size);
            Console.WriteLine($"Loaded papers {loaded:N0}–{size:N0} in {(DateTime.UtcNow - started).TotalSeconds:N0} s");
            if (BenchmarkSettings.Explain)
            {
                Console.WriteLine(await CatalogueLoader.ExplainCommonWordSearchAsync(TestEnvironment.ConnectionStringFor("catalogue")));
            }
            if (loaded == 0)
            {
                // Discarded: JIT, connection pools and Postgres caches warm up before the first figures.
                foreach (var kind in kinds)
                {
                    foreach (var (_, address) in vias)
                    {
                        await driver.RunAsync(address, random => kind.Path(size, random));
                    }
                }
            }
            loaded = size;
            foreach (var kind in kinds)
            {
                // Side by side: the same requests through the gateway, then straight to the catalogue.
                foreach (var (via, address) in vias)
                {
                    Record(results, (size, kind.Name, via), await driver.RunAsync(address, random => kind.Path(size, random)));
                }
            }
        }

        var largest = sizes[^1];
        foreach (var kind in kinds)
        {
            Record(results, (largest, kind.Name, "gateway + cache"), await driver.RunAsync(platform.GatewayAddress, random => kind.Path(largest, random)));
        }
        foreach (var kind in kinds.Where(kind => kind.Name.StartsWith("search", StringComparison.Ordinal)))
        {
            foreach (var clients in Concurrencies)
            {
                var few = new LoadDriver(clients, driver.Duration);
                Record(results, (largest, kind.Name, $"{clients} clients"), await few.RunAsync(uncachedAddress, random => kind.Path(largest, random)));
            }
        }
        return Render(results, sizes, kinds);
    }

    private static void Record(Dictionary<(int Size, string Kind, string Via), Measurement> results, (int Size, string Kind, string Via) cell, Measurement measurement)
    {
        results[cell] = measurement;
        Console.WriteLine($"  {cell.Size,9:N0} {cell.Kind,-20} {cell.Via,-16} p50 {measurement.P50Ms,8:N1} ms  p99 {measurement.P99Ms,8:N1} ms  {measurement.RequestsPerSecond,9:N1} req/s  ({measurement.Failures} failed)");
    }

    private static string Render(Dictionary<(int Size, string Kind, string Via), Measurement> results, int[] sizes, Kind[] kinds)
    {
        var largest = sizes[^1];
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"Catalogue with {largest:N0} papers, {BenchmarkSettings.Clients} concurrent clients, {BenchmarkSettings.Seconds} s per cell; \"gateway\" has every feature on but the cache, which the last column has too:");
        table.AppendLine();
        table.AppendLine("| request | gateway p50 / p99 ms | gateway req/s | direct p50 / p99 ms | direct req/s | gateway ÷ direct | target p99 ms | met | gateway + cache p50 / p99 ms |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|---:|");
        foreach (var kind in kinds)
        {
            var (gateway, direct, cached) = (results[(largest, kind.Name, "gateway")], results[(largest, kind.Name, "direct")], results[(largest, kind.Name, "gateway + cache")]);
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {kind.Name} | {gateway.P50Ms:N1} / {gateway.P99Ms:N1} | {gateway.RequestsPerSecond:N0} | {direct.P50Ms:N1} / {direct.P99Ms:N1} | {direct.RequestsPerSecond:N0} | {gateway.RequestsPerSecond / direct.RequestsPerSecond:N2} | {kind.TargetP99Ms:N0} | {(gateway.P99Ms <= kind.TargetP99Ms ? "yes" : "no")} | {cached.P50Ms:N1} / {cached.P99Ms:N1} |");
        }
        table.AppendLine();
        table.AppendLine("Growth with the catalogue's size, through the gateway without its cache (p50 / p99 ms; the last columns are largest ÷ smallest, target ≤ 1.5×):");
        table.AppendLine();
        table.AppendLine($"| request | {string.Join(" | ", sizes.Select(size => size.ToString("N0", CultureInfo.InvariantCulture)))} | p50 ratio | p99 ratio |");
        table.AppendLine($"|---|{string.Concat(sizes.Select(_ => "---:|"))}---:|---:|");
        foreach (var kind in kinds)
        {
            var cells = sizes.Select(size => results[(size, kind.Name, "gateway")]).ToArray();
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {kind.Name} | {string.Join(" | ", cells.Select(cell => string.Create(CultureInfo.InvariantCulture, $"{cell.P50Ms:N1} / {cell.P99Ms:N1}")))} | {cells[^1].P50Ms / cells[0].P50Ms:N1}× | {cells[^1].P99Ms / cells[0].P99Ms:N1}× |");
        }
        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"Searches at {largest:N0} papers by number of concurrent clients, through the gateway without its cache (p50 / p99 ms, req/s): one client shows a search's own time, more show the queue for two cores:");
        table.AppendLine();
        table.AppendLine($"| request | {string.Join(" | ", Concurrencies.Select(clients => $"{clients} clients"))} |");
        table.AppendLine($"|---|{string.Concat(Concurrencies.Select(_ => "---:|"))}");
        foreach (var kind in kinds.Where(kind => kind.Name.StartsWith("search", StringComparison.Ordinal)))
        {
            var cells = Concurrencies.Select(clients => results[(largest, kind.Name, $"{clients} clients")]);
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {kind.Name} | {string.Join(" | ", cells.Select(cell => string.Create(CultureInfo.InvariantCulture, $"{cell.P50Ms:N1} / {cell.P99Ms:N1}, {cell.RequestsPerSecond:N0}")))} |");
        }
        return table.ToString();
    }
}
