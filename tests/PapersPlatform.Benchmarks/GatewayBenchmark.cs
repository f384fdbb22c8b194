using System.Globalization;
using System.Text;
using PapersPlatform.Testing;

namespace PapersPlatform.Benchmarks;

/// <summary>
/// What the gateway costs and what its cache buys (docs/gateway.md): the same anonymous reads
/// straight to the service, through a gateway with every feature on but the cache, through one
/// with the rate limiter off too (the limiter's cost is the difference), and through one with
/// the cache on, side by side in one run. Direct and through the gateway are measured twice: with
/// every process free to run on every core, and on separate cores (the service and Postgres on
/// one half, the load driver and the gateway on the other), as a cluster gives the gateway cores
/// of its own.
/// </summary>
internal static class GatewayBenchmark
{
    private sealed record Read(string Name, string Service, Func<Random, string> Path);

    /// <param name="SeparateCores">The service and Postgres pinned to one half of the cores, the driver and the gateway to the other, while it is measured.</param>
    private sealed record Via(string Name, Func<string, Uri> Address, ServiceProcess? Gateway, bool SeparateCores = false);

    /// <summary>One measured cell, with the CPU each process spent per request while it ran.</summary>
    private sealed record Cell(Measurement Load, double DriverCpuMs, double GatewayCpuMs, double ServiceCpuMs);

    /// <summary>The papers a paper page is read from: today's and yesterday's, the ones people open.</summary>
    private const int HotPapers = 1_000;

    /// <summary>
    /// Each cell is measured this many times, the vias taking turns (and starting with a different
    /// one each round), and the median is reported: this machine's noise comes in slow waves that
    /// would otherwise favour whichever via runs first.
    /// </summary>
    private const int Rounds = 5;

    /// <summary>The vias measured with the service and the gateway on separate cores.</summary>
    private const string SeparateCoresDirect = "direct, separate cores";

    private const string SeparateCoresGateway = "gateway, separate cores";

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
            new("search: common word", "catalogue", _ => $"/api/papers?q={SyntheticPapers.CommonWord}&mode=keyword"),
            new("trending", "trending", _ => "/api/trending?window=week&limit=30"),
        ];
        if (BenchmarkSettings.Reads.Length > 0)
        {
            reads = [.. reads.Where(read => BenchmarkSettings.Reads.Any(name => read.Name.StartsWith(name, StringComparison.OrdinalIgnoreCase)))];
        }

        var gateways = new List<ServiceProcess>();
        try
        {
            async Task<Via> StartAsync(string name, Dictionary<string, string> settings)
            {
                var (process, address) = await platform.StartGatewayAsync($"gateway-bench-{name.Replace(' ', '-').Replace(",", "")}", settings);
                gateways.Add(process);
                return new Via(name, _ => address, process);
            }
            var direct = new Via("direct", service => platform.ServiceAddresses[service], null);
            Via[] vias =
            [
                direct,
                await StartAsync("gateway, no limiter, no cache", new()
                {
                    ["Gateway__OutputCache__Duration"] = "00:00:00",
                    ["Gateway__RateLimits__Enabled"] = "false",
                }),
                await StartAsync("gateway", new() { ["Gateway__OutputCache__Duration"] = "00:00:00" }),
                await StartAsync("gateway, no telemetry", new() { ["Gateway__OutputCache__Duration"] = "00:00:00", ["OTEL_SDK_DISABLED"] = "true" }),
                // The runtime's default spin limit, 70 (Directory.Build.props sets 0): what idle worker
                // threads' spin-waiting costs. DOTNET_ variables are read as hexadecimal: 0x46 = 70.
                await StartAsync("gateway, spin-waiting", new() { ["Gateway__OutputCache__Duration"] = "00:00:00", ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "46" }),
                await StartAsync("gateway + cache", new() { ["Gateway__OutputCache__Duration"] = "00:00:05" }),
            ];
            if (Environment.ProcessorCount >= 2)
            {
                var gateway = vias.Single(via => via.Name == "gateway");
                vias = [.. vias, direct with { Name = SeparateCoresDirect, SeparateCores = true }, gateway with { Name = SeparateCoresGateway, SeparateCores = true }];
            }

            var results = new Dictionary<(string Read, string Via), List<Cell>>();
            foreach (var read in reads)
            {
                var service = platform.Processes.Single(process => process.Name == read.Service);
                // Discarded: JIT, connection pools and Postgres caches warm up before the figures
                // (a via on separate cores shares its processes with one warmed up here).
                foreach (var via in vias.Where(via => !via.SeparateCores))
                {
                    await driver.RunAsync(via.Address(read.Service), read.Path);
                }
                for (var round = 0; round < Rounds; round++)
                {
                    foreach (var via in vias.Skip(round).Concat(vias.Take(round)))
                    {
                        var cell = await MeasureAsync(driver, read, via, service);
                        (results.TryGetValue((read.Name, via.Name), out var cells) ? cells : results[(read.Name, via.Name)] = []).Add(cell);
                        Console.WriteLine($"  {read.Name,-20} {via.Name,-30} p50 {cell.Load.P50Ms,7:N1} ms  p99 {cell.Load.P99Ms,7:N1} ms  {cell.Load.RequestsPerSecond,8:N0} req/s  CPU ms/request: driver {cell.DriverCpuMs:N3}, gateway {cell.GatewayCpuMs:N3}, service {cell.ServiceCpuMs:N3}  ({cell.Load.Failures} failed)");
                    }
                }
            }
            return Render(results.ToDictionary(pair => pair.Key, pair => Median(pair.Value)), reads, vias, size);
        }
        finally
        {
            foreach (var gateway in gateways)
            {
                await gateway.DisposeAsync();
            }
        }
    }

    private static async Task<Cell> MeasureAsync(LoadDriver driver, Read read, Via via, ServiceProcess service)
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        int[] driverSide = via.Gateway is null ? [self.Id] : [self.Id, via.Gateway.ProcessId];
        if (via.SeparateCores)
        {
            await CorePinning.PinAsync(CorePinning.FirstHalf, [service.ProcessId, .. CorePinning.PostgresProcesses()]);
            await CorePinning.PinAsync(CorePinning.SecondHalf, driverSide);
        }
        Measurement load;
        var (driverBefore, gatewayBefore, serviceBefore) = (self.TotalProcessorTime, via.Gateway?.CpuTime ?? TimeSpan.Zero, service.CpuTime);
        try
        {
            load = await driver.RunAsync(via.Address(read.Service), read.Path);
        }
        finally
        {
            if (via.SeparateCores)
            {
                await CorePinning.PinAsync(CorePinning.AllCores, [service.ProcessId, .. CorePinning.PostgresProcesses(), .. driverSide]);
            }
        }
        self.Refresh();
        double PerRequest(TimeSpan before, TimeSpan after) => (after - before).TotalMilliseconds / Math.Max(1, load.Requests);
        return new Cell(load,
            PerRequest(driverBefore, self.TotalProcessorTime),
            via.Gateway is null ? 0 : PerRequest(gatewayBefore, via.Gateway.CpuTime),
            PerRequest(serviceBefore, service.CpuTime));
    }

    /// <summary>The median of each figure over the rounds (each on its own: the cell is a summary, not one round).</summary>
    private static Cell Median(List<Cell> cells) =>
        new(
            new Measurement(
                (int)Statistics.Median(cells.Select(cell => (double)cell.Load.Requests)),
                (int)Statistics.Median(cells.Select(cell => (double)cell.Load.Failures)),
                Statistics.Median(cells.Select(cell => cell.Load.P50Ms)),
                Statistics.Median(cells.Select(cell => cell.Load.P99Ms)),
                Statistics.Median(cells.Select(cell => cell.Load.RequestsPerSecond))),
            Statistics.Median(cells.Select(cell => cell.DriverCpuMs)),
            Statistics.Median(cells.Select(cell => cell.GatewayCpuMs)),
            Statistics.Median(cells.Select(cell => cell.ServiceCpuMs)));

    private static string Render(Dictionary<(string Read, string Via), Cell> results, Read[] reads, Via[] vias, int size)
    {
        var table = new StringBuilder();
        var separate = vias.Any(via => via.SeparateCores);
        var layout = separate
            ? $"\"separate cores\": the service and Postgres on {CorePinning.Describe(CorePinning.FirstHalf)}, the driver and the gateway on {CorePinning.Describe(CorePinning.SecondHalf)}; "
            : "";
        table.AppendLine(CultureInfo.InvariantCulture,
            $"{size:N0} papers, {BenchmarkSettings.Clients} concurrent clients, {BenchmarkSettings.Seconds} s per cell, median of {Rounds} interleaved rounds; \"gateway\" has every feature on but the cache; {layout}ratios are requests/s ÷ direct on the same cores:");
        table.AppendLine();
        table.AppendLine($"| read | {string.Join(" | ", vias.Select(via => $"{via.Name} p50 / p99 ms, req/s"))} | gateway ÷ direct |{(separate ? " gateway ÷ direct, separate cores |" : "")} gateway + cache ÷ direct | rate limiter's cost |");
        table.AppendLine($"|---|{string.Concat(vias.Select(_ => "---:|"))}---:|{(separate ? "---:|" : "")}---:|---:|");
        foreach (var read in reads)
        {
            Measurement Of(string via) => results[(read.Name, via)].Load;
            var (direct, unlimited, gateway, cached) = (Of("direct"), Of("gateway, no limiter, no cache"), Of("gateway"), Of("gateway + cache"));
            var limiterCost = 1 - gateway.RequestsPerSecond / unlimited.RequestsPerSecond;
            var separateRatio = separate ? string.Create(CultureInfo.InvariantCulture, $" {Of(SeparateCoresGateway).RequestsPerSecond / Of(SeparateCoresDirect).RequestsPerSecond:N2} |") : "";
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {read.Name} | {string.Join(" | ", vias.Select(via => Of(via.Name)).Select(cell => $"{cell.P50Ms:N1} / {cell.P99Ms:N1}, {cell.RequestsPerSecond:N0}"))} | {gateway.RequestsPerSecond / direct.RequestsPerSecond:N2} |{separateRatio} {cached.RequestsPerSecond / direct.RequestsPerSecond:N2} | {limiterCost:P1} of throughput, {gateway.P50Ms - unlimited.P50Ms:+0.00;-0.00} ms p50 |");
        }
        table.AppendLine();
        table.AppendLine("Where the time goes: CPU milliseconds per request spent by the load driver, the gateway and the service (Postgres not counted):");
        table.AppendLine();
        table.AppendLine($"| read | {string.Join(" | ", vias.Select(via => $"{via.Name}: driver / gateway / service"))} |");
        table.AppendLine($"|---|{string.Concat(vias.Select(_ => "---:|"))}");
        foreach (var read in reads)
        {
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {read.Name} | {string.Join(" | ", vias.Select(via => results[(read.Name, via.Name)]).Select(cell => $"{cell.DriverCpuMs:N2} / {cell.GatewayCpuMs:N2} / {cell.ServiceCpuMs:N2}"))} |");
        }
        return table.ToString();
    }
}
