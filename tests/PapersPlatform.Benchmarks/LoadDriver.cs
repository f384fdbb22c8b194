using System.Diagnostics;

namespace PapersPlatform.Benchmarks;

/// <summary>What one cell of the table measured.</summary>
internal sealed record Measurement(int Requests, int Failures, double P50Ms, double P99Ms, double RequestsPerSecond);

/// <summary>Keeps <c>clients</c> requests in flight for a fixed time and records each latency.</summary>
internal sealed class LoadDriver(int clients, TimeSpan duration)
{
    public TimeSpan Duration => duration;

    public int Clients => clients;

    private static readonly HttpClient Http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    public async Task<Measurement> RunAsync(Uri baseAddress, Func<Random, string> path)
    {
        // A few unrecorded requests first: connections, JIT and plan caches warm up.
        for (var i = 0; i < 4; i++)
        {
            using var _ = await Http.GetAsync(new Uri(baseAddress, path(Random.Shared)));
        }
        return await RunAsync(async random =>
        {
            using var response = await Http.GetAsync(new Uri(baseAddress, path(random)), HttpCompletionOption.ResponseContentRead);
            return response.IsSuccessStatusCode;
        });
    }

    /// <summary>Any request: <paramref name="request"/> answers whether it succeeded.</summary>
    public async Task<Measurement> RunAsync(Func<Random, Task<bool>> request)
    {
        var latencies = new List<double>[clients];
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            var random = new Random(client);
            var mine = latencies[client] = [];
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                if (await request(random))
                {
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        return Summarize(latencies.SelectMany(list => list), failures, clock.Elapsed);
    }

    public static Measurement Summarize(IEnumerable<double> latencies, int failures, TimeSpan elapsed)
    {
        var all = latencies.Order().ToArray();
        return new Measurement(all.Length, failures, Percentile(all, 0.50), Percentile(all, 0.99), all.Length / elapsed.TotalSeconds);
    }

    private static double Percentile(double[] sorted, double fraction) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)];
}
