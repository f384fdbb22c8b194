using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NpgsqlTypes;
using PapersPlatform.Embeddings.Encoding;
using PapersPlatform.Embeddings.Model;
using PapersPlatform.Embeddings.Similarity;
using PapersPlatform.Testing;

namespace PapersPlatform.Benchmarks;

/// <summary>
/// Finding papers by meaning: how fast the model embeds (by what is embedded, batch size and
/// threads, side by side), and what related papers cost through the gateway at growing sizes,
/// with the index's memory. The vectors of the loaded papers are random unit vectors: an exact
/// index reads every vector whatever they hold, so its cost does not depend on their meaning.
/// </summary>
internal static partial class SearchBenchmark
{
    private const int TextsPerFigure = 96;

    public static async Task<string> RunAsync(PlatformFixture platform, int[] sizes, LoadDriver driver)
    {
        var report = new StringBuilder();
        report.AppendLine(await ModelThroughputAsync());
        report.AppendLine();
        report.AppendLine(ExactScan(sizes));
        report.AppendLine();
        report.AppendLine(ApproximateIndex(sizes));
        report.AppendLine();
        report.AppendLine(await RelatedThroughTheGatewayAsync(platform, sizes, driver));
        return report.ToString();
    }

    /// <summary>Papers embedded per second, in this process, as the service's worker calls the model.</summary>
    private static async Task<string> ModelThroughputAsync()
    {
        var texts = new EnglishLikePapers(seed: 1);
        var kinds = new (string Name, Func<int, string> Text)[]
        {
            ("title only", index => texts.Title(index)),
            ($"title + first {EmbeddedText.AbstractCharacters} characters (what is embedded)", index => EmbeddedText.Of(texts.Title(index), texts.Abstract(index))),
            ("title + whole abstract (~1,300 characters)", index => $"{texts.Title(index)}. {texts.Abstract(index)}"),
        };
        var setups = new (int Threads, int Batch)[] { (1, 1), (1, 16), (2, 16), (2, 32) };
        var table = new StringBuilder();
        table.AppendLine("### The model: papers embedded per second");
        table.AppendLine();
        table.AppendLine($"| text | {string.Join(" | ", setups.Select(setup => $"{setup.Threads} thread{(setup.Threads > 1 ? "s" : "")}, batch {setup.Batch}"))} |");
        table.AppendLine($"|---|{string.Concat(setups.Select(_ => "---:|"))}");
        foreach (var (name, text) in kinds)
        {
            var figures = new List<string>();
            foreach (var (threads, batch) in setups)
            {
                using var encoder = new TextEncoder(threads);
                await encoder.EncodeAsync([.. Enumerable.Range(0, batch).Select(text)], CancellationToken.None); // warm-up
                var clock = Stopwatch.StartNew();
                for (var first = 0; first < TextsPerFigure; first += batch)
                {
                    await encoder.EncodeAsync([.. Enumerable.Range(first, batch).Select(text)], CancellationToken.None);
                }
                figures.Add((TextsPerFigure / clock.Elapsed.TotalSeconds).ToString("N1", CultureInfo.InvariantCulture));
            }
            table.AppendLine($"| {name} | {string.Join(" | ", figures)} |");
            Console.WriteLine(table.ToString().Split('\n')[^2]);
        }
        return table.ToString();
    }

    /// <summary>The index's own cost, without HTTP: one exact query over N random vectors, in this process.</summary>
    private static string ExactScan(int[] sizes)
    {
        var table = new StringBuilder();
        table.AppendLine("### Exact search in memory (one query, one thread)");
        table.AppendLine();
        table.AppendLine("| papers | p50 ms | p99 ms | vectors' memory |");
        table.AppendLine("|---:|---:|---:|---:|");
        var random = new Random(7);
        foreach (var size in sizes)
        {
            var index = new PaperIndex();
            for (var i = 0; i < size; i++)
            {
                index.Add(ArxivId(i), "", RandomUnitVector(random));
            }
            var timings = new List<double>();
            for (var query = 0; query < 60; query++)
            {
                var vector = RandomUnitVector(random);
                var clock = Stopwatch.StartNew();
                index.Nearest(vector, 10);
                timings.Add(clock.Elapsed.TotalMilliseconds);
            }
            var summary = LoadDriver.Summarize(timings.Skip(10), 0, TimeSpan.FromSeconds(1));
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {size:N0} | {summary.P50Ms:N1} | {summary.P99Ms:N1} | {size * (long)TextEncoder.Dimensions * sizeof(float) / 1_048_576.0:N0} MiB |"));
            Console.WriteLine(table.ToString().Split('\n')[^2]);
        }
        return table.ToString();
    }

    /// <summary>
    /// An HNSW index (USearch, cosine, vectors kept as 16-bit floats) against the exact index, in
    /// this process: how long it takes to build, what a query costs, and how many of the exact top
    /// 10 it finds (recall@10). The vectors cluster as embeddings of papers do (2,000 topics, each
    /// paper its topic's direction plus its own): on uniformly random vectors every paper is about
    /// as far from every other, nothing is "nearest", and no graph index finds it (measured: recall
    /// 0.16 at 100,000; 8-bit vectors did no better).
    /// </summary>
    private static string ApproximateIndex(int[] sizes)
    {
        var table = new StringBuilder();
        table.AppendLine("### An approximate index (HNSW, USearch: 16-bit vectors, 16 links a node, search breadth 128) on clustered vectors, one query, one thread");
        table.AppendLine();
        table.AppendLine("| papers | build | p50 ms | p99 ms | recall@10 against exact |");
        table.AppendLine("|---:|---:|---:|---:|---:|");
        var random = new Random(7);
        foreach (var size in sizes)
        {
            var exact = new PaperIndex();
            using var approximate = new Cloud.Unum.USearch.USearchIndex(Cloud.Unum.USearch.MetricKind.Cos, Cloud.Unum.USearch.ScalarKind.Float16,
                dimensions: TextEncoder.Dimensions, connectivity: 16, expansionAdd: 128, expansionSearch: 128);
            var topics = Enumerable.Range(0, 2_000).Select(_ => RandomUnitVector(random)).ToArray();
            var vectors = Enumerable.Range(0, size).Select(_ => NearTo(topics[random.Next(topics.Length)], random)).ToArray();
            var build = Stopwatch.StartNew();
            for (var i = 0; i < size; i++)
            {
                approximate.Add((ulong)i, vectors[i]);
            }
            build.Stop();
            for (var i = 0; i < size; i++)
            {
                exact.Add(ArxivId(i), "", vectors[i]);
            }
            var (timings, recalls) = (new List<double>(), new List<double>());
            for (var query = 0; query < 110; query++)
            {
                var vector = NearTo(topics[random.Next(topics.Length)], random);
                var clock = Stopwatch.StartNew();
                var found = approximate.Search(vector, 10, out ulong[] keys, out float[] _);
                timings.Add(clock.Elapsed.TotalMilliseconds);
                var truth = exact.Nearest(vector, 10).Select(neighbour => neighbour.ArxivId).ToHashSet();
                recalls.Add(keys.Take(found).Count(key => truth.Contains(ArxivId((int)key))) / 10.0);
            }
            var summary = LoadDriver.Summarize(timings.Skip(10), 0, TimeSpan.FromSeconds(1));
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {size:N0} | {build.Elapsed.TotalSeconds:N1} s | {summary.P50Ms:N2} | {summary.P99Ms:N2} | {recalls.Skip(10).Average():N3} |"));
            Console.WriteLine(table.ToString().Split('\n')[^2]);
        }
        return table.ToString();
    }

    /// <summary>GET /api/papers/{id}/related?limit=10 through the gateway, with N papers in the service's index.</summary>
    private static async Task<string> RelatedThroughTheGatewayAsync(PlatformFixture platform, int[] sizes, LoadDriver driver)
    {
        var service = platform.Processes.Single(process => process.Name == "embeddings");
        var connection = TestEnvironment.ConnectionStringFor("embeddings");
        var table = new StringBuilder();
        table.AppendLine("### Related papers and what meaning adds to a search, through the gateway (16 clients)");
        table.AppendLine();
        table.AppendLine("Related: a different paper each request. Search: the same words with `mode=keyword` and with the default `mode=hybrid`, side by side;");
        table.AppendLine("the catalogue holds no papers here, so the difference is the vector side's cost: embedding the words and searching the index.");
        table.AppendLine();
        table.AppendLine("| papers | related: requests/s | p50 ms | p99 ms | search keyword p50 / p99 ms | search hybrid p50 / p99 ms | embeddings service's memory |");
        table.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        var loaded = 0;
        foreach (var size in sizes)
        {
            var random = new Random(size);
            await BinaryCopy.LoadAsync(connection, "embeddings.papers",
                "COPY embeddings.papers (arxiv_id, title, text, submitted_at, vector, embedded_at) FROM STDIN (FORMAT BINARY)", loaded, size,
                async (writer, index) =>
                {
                    await writer.WriteAsync(ArxivId(index));
                    await writer.WriteAsync($"Paper {index}");
                    await writer.WriteAsync("");
                    await writer.WriteAsync(DateTimeOffset.UtcNow.AddMinutes(-index), NpgsqlDbType.TimestampTz);
                    await writer.WriteAsync(RandomUnitVector(random), NpgsqlDbType.Array | NpgsqlDbType.Real);
                    await writer.WriteAsync(DateTimeOffset.UtcNow, NpgsqlDbType.TimestampTz);
                });
            loaded = size;
            await WaitUntilIndexedAsync(platform.ServiceAddresses["embeddings"], size);
            await driver.RunAsync(platform.GatewayAddress, random => $"/api/papers/{ArxivId(random.Next(size))}/related?limit=10"); // warm-up
            var related = await driver.RunAsync(platform.GatewayAddress, random => $"/api/papers/{ArxivId(random.Next(size))}/related?limit=10");
            // A different query each request (the gateway caches anonymous reads by their query string).
            var keyword = await driver.RunAsync(platform.GatewayAddress, random => $"/api/papers?q=graph%20networks%20{random.Next()}&mode=keyword");
            var hybrid = await driver.RunAsync(platform.GatewayAddress, random => $"/api/papers?q=graph%20networks%20{random.Next()}");
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {size:N0} | {related.RequestsPerSecond:N0} | {related.P50Ms:N1} | {related.P99Ms:N1} | {keyword.P50Ms:N1} / {keyword.P99Ms:N1} | {hybrid.P50Ms:N1} / {hybrid.P99Ms:N1} | {service.WorkingSetBytes / 1_048_576.0:N0} MiB |"));
            Console.WriteLine(table.ToString().Split('\n')[^2]);
        }
        return table.ToString();
    }

    private static async Task WaitUntilIndexedAsync(Uri service, int size)
    {
        using var http = new HttpClient { BaseAddress = service };
        await TestHelpers.EventuallyAsync(async () =>
        {
            var health = await http.GetFromJsonAsync<JsonElement>("/health");
            var check = health.GetProperty("checks").EnumerateArray().Single(candidate => candidate.GetProperty("name").GetString() == "embeddings");
            var indexed = int.Parse(IndexedCount().Match(check.GetProperty("description").GetString()!).Groups[1].Value, CultureInfo.InvariantCulture);
            return indexed >= size ? (bool?)true : null;
        }, $"{size:N0} papers in the embeddings service's index", TimeSpan.FromMinutes(10));
    }

    private static string ArxivId(int index) => $"{2501 + index / 100_000}.{index % 100_000:D5}";

    /// <summary>A unit vector about 0.7 similar to <paramref name="topic"/>: its direction plus as much of its own.</summary>
    private static float[] NearTo(float[] topic, Random random)
    {
        var own = RandomUnitVector(random);
        var vector = topic.Zip(own, (a, b) => a + b).ToArray();
        var length = MathF.Sqrt(vector.Sum(value => value * value));
        return [.. vector.Select(value => value / length)];
    }

    private static float[] RandomUnitVector(Random random)
    {
        var vector = new float[TextEncoder.Dimensions];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)(random.NextDouble() * 2 - 1);
        }
        var length = MathF.Sqrt(vector.Sum(value => value * value));
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] /= length;
        }
        return vector;
    }

    [GeneratedRegex(@"^(\d+) papers indexed")]
    private static partial Regex IndexedCount();
}
