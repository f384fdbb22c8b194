using System.Globalization;
using System.Text;
using PapersPlatform.Testing;

namespace PapersPlatform.Benchmarks;

/// <summary>
/// Issue #4's figures: p50/p99 and requests/s of a day listing, a paper page and three searches,
/// through the gateway and directly against the catalogue in the same run, at growing sizes.
/// </summary>
internal static class CatalogueBenchmark
{
    private sealed record Kind(string Name, Func<int, Random, string> Path);

    public static async Task<string> RunAsync(PlatformFixture platform, int[] sizes, LoadDriver driver)
    {
        var papers = new SyntheticPapers(new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1), TimeSpan.Zero));
        var day = papers.DayOf(5_500).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture); // a full day at every size
        Kind[] kinds =
        [
            new("day listing", (_, _) => $"/api/papers?date={day}"),
            new("paper page", (size, random) => $"/api/papers/{papers.ArxivId(random.Next(size))}"),
            new("search: common word", (_, _) => $"/api/papers?q={SyntheticPapers.CommonWord}"),
            new("search: rare phrase", (_, _) => $"/api/papers?q={Uri.EscapeDataString($"\"{SyntheticPapers.RarePhrase}\"")}"),
            new("search: no match", (_, _) => $"/api/papers?q={SyntheticPapers.NoMatch}"),
        ];

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
                    await driver.RunAsync(platform.GatewayAddress, random => kind.Path(size, random));
                    await driver.RunAsync(platform.ServiceAddresses["catalogue"], random => kind.Path(size, random));
                }
            }
            loaded = size;
            foreach (var kind in kinds)
            {
                // Side by side: the same requests through the gateway, then straight to the catalogue.
                foreach (var (via, address) in new[] { ("gateway", platform.GatewayAddress), ("direct", platform.ServiceAddresses["catalogue"]) })
                {
                    var measurement = await driver.RunAsync(address, random => kind.Path(size, random));
                    results[(size, kind.Name, via)] = measurement;
                    Console.WriteLine($"  {size,9:N0} {kind.Name,-20} {via,-8} p50 {measurement.P50Ms,8:N1} ms  p99 {measurement.P99Ms,8:N1} ms  {measurement.RequestsPerSecond,8:N1} req/s  ({measurement.Failures} failed)");
                }
            }
        }
        return Render(results, sizes, kinds.Select(kind => kind.Name).ToArray());
    }

    private static string Render(Dictionary<(int Size, string Kind, string Via), Measurement> results, int[] sizes, string[] kinds)
    {
        var largest = sizes[^1];
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"Catalogue with {largest:N0} papers, {BenchmarkSettings.Clients} concurrent clients, {BenchmarkSettings.Seconds} s per cell:");
        table.AppendLine();
        table.AppendLine("| request | gateway p50 ms | gateway p99 ms | gateway req/s | direct p50 ms | direct p99 ms | direct req/s | gateway/direct throughput |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var kind in kinds)
        {
            var (gateway, direct) = (results[(largest, kind, "gateway")], results[(largest, kind, "direct")]);
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {kind} | {gateway.P50Ms:N1} | {gateway.P99Ms:N1} | {gateway.RequestsPerSecond:N0} | {direct.P50Ms:N1} | {direct.P99Ms:N1} | {direct.RequestsPerSecond:N0} | {gateway.RequestsPerSecond / direct.RequestsPerSecond:N2} |");
        }
        table.AppendLine();
        table.AppendLine("Growth with the catalogue's size (direct p50 ms; the last column is largest ÷ smallest):");
        table.AppendLine();
        table.AppendLine($"| request | {string.Join(" | ", sizes.Select(size => size.ToString("N0", CultureInfo.InvariantCulture)))} | ratio |");
        table.AppendLine($"|---|{string.Concat(sizes.Select(_ => "---:|"))}---:|");
        foreach (var kind in kinds)
        {
            var p50s = sizes.Select(size => results[(size, kind, "direct")].P50Ms).ToArray();
            table.AppendLine(CultureInfo.InvariantCulture, $"| {kind} | {string.Join(" | ", p50s.Select(p50 => p50.ToString("N1", CultureInfo.InvariantCulture)))} | {p50s[^1] / p50s[0]:N1}× |");
        }
        return table.ToString();
    }
}
