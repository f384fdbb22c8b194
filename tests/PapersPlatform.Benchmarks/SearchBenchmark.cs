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
        if (BenchmarkSettings.Runs("model"))
        {
            report.AppendLine(await ModelThroughputAsync()).AppendLine();
            report.AppendLine(await SearchModelsAsync()).AppendLine();
        }
        if (!BenchmarkSettings.Runs("memory") && !BenchmarkSettings.Runs("gateway") && !BenchmarkSettings.Runs("query-models"))
        {
            return report.ToString();
        }
        var vectors = await PaperLikeVectors.EmbedAsync(texts: 4_000);
        if (BenchmarkSettings.Runs("memory"))
        {
            report.AppendLine(await IndexInMemoryAsync(sizes, vectors)).AppendLine();
        }
        if (BenchmarkSettings.Runs("gateway") || BenchmarkSettings.Runs("query-models"))
        {
            report.AppendLine(await ThroughTheGatewayAsync(platform, sizes, vectors, driver));
        }
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

    /// <summary>
    /// A search's vector from the shipped model and from its 8-bit copy (the service's query model),
    /// side by side on one thread: each search alone, rounds of the two taking turns. The cosine
    /// says how far the 8-bit vector points from the full one.
    /// </summary>
    private static async Task<string> SearchModelsAsync()
    {
        const int Rounds = 6;
        var searches = RelevanceSet.Searches;
        var models = new (string Name, TextEncoder Encoder, List<float[]> Vectors, List<double> Milliseconds)[]
        {
            ("full precision (as shipped)", new TextEncoder(threads: 1), [], []),
            ("8-bit weights (the service's)", new TextEncoder(threads: 1, TextEncoder.Model(ModelPrecision.EightBit)), [], []),
        };
        foreach (var (_, encoder, vectors, _) in models)
        {
            foreach (var search in searches)
            {
                vectors.Add((await encoder.EncodeAsync([search], CancellationToken.None))[0]); // also each model's warm-up
            }
        }
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var (_, encoder, _, milliseconds) in models)
            {
                foreach (var search in searches)
                {
                    var started = Stopwatch.GetTimestamp();
                    await encoder.EncodeAsync([search], CancellationToken.None);
                    milliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        }
        var (full, eightBit) = (models[0], models[1]);
        var cosines = full.Vectors.Zip(eightBit.Vectors, (exact, rounded) => exact.Zip(rounded, (a, b) => a * b).Sum()).ToList();
        var measured = models.Select(model => LoadDriver.Summarize(model.Milliseconds, failures: 0, TimeSpan.FromMilliseconds(model.Milliseconds.Sum()))).ToList();
        string[] cosine = ["1 / 1", $"{cosines.Min():N4} / {cosines.Average():N4}"];
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"### The model for searches: one search at a time, one thread ({searches.Length} searches × {Rounds} rounds)");
        table.AppendLine();
        table.AppendLine("| model | p50 ms | p99 ms | searches/s | cosine to full precision, lowest / mean |");
        table.AppendLine("|---|---:|---:|---:|---:|");
        for (var m = 0; m < models.Length; m++)
        {
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {models[m].Name} | {measured[m].P50Ms:N2} | {measured[m].P99Ms:N2} | {measured[m].RequestsPerSecond:N0} | {cosine[m]} |"));
            models[m].Encoder.Dispose();
        }
        table.AppendLine();
        table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Full ÷ 8-bit at the median: {measured[0].P50Ms / measured[1].P50Ms:N2}×."));
        Console.WriteLine(table);
        return table.ToString();
    }

    /// <summary>
    /// The index's own cost and accuracy, without HTTP, on paper-like vectors, with the service's
    /// settings: one query on one thread, exactly (every vector read), by a shortlist chosen by the
    /// sign codes of every paper, and by a shortlist chosen among the papers of the nearest regions
    /// only (the service's way), and an HNSW graph (USearch) for comparison up to 100,000 papers (its
    /// build takes minutes beyond). Recall@10: how many of the exact answer's ten each finds, for
    /// related papers (a paper's own vector, itself left out) and for the relevance set's searches.
    /// </summary>
    private static async Task<string> IndexInMemoryAsync(int[] sizes, PaperLikeVectors vectors)
    {
        var searches = await PaperLikeVectors.EmbedSearchesAsync();
        var table = new StringBuilder();
        table.AppendLine("### The index in memory: one query, one thread, paper-like vectors");
        table.AppendLine();
        table.AppendLine("| papers | search | p50 ms | p99 ms | recall@10, related papers | recall@10, searches | memory |");
        table.AppendLine("|---:|---|---:|---:|---:|---:|---:|");
        foreach (var size in sizes)
        {
            var index = new PaperIndex();
            var regionsTrained = TimeSpan.Zero;
            for (var i = 0; i < size; i++)
            {
                var adding = Stopwatch.StartNew();
                index.Add(ArxivId(i), "", vectors.At(i));
                if (i == index.ExactUpTo)
                {
                    regionsTrained = adding.Elapsed; // the add that starts the codes and the regions
                }
            }
            var random = new Random(size);
            var related = Enumerable.Range(0, 100).Select(_ => random.Next(size)).Select(i => (Vector: vectors.At(i), Except: (string?)ArxivId(i))).ToList();
            var queries = related.Concat(searches.Select(vector => (Vector: vector, Except: (string?)null))).ToList();
            var exact = queries.Select(query => index.Nearest(query.Vector, 10, query.Except, shortlist: int.MaxValue).Select(neighbour => neighbour.ArxivId).ToHashSet()).ToList();
            var vectorsMiB = size * (long)TextEncoder.Dimensions * sizeof(float) / 1_048_576.0;
            var codesMiB = size * 48L / 1_048_576.0;
            var bytesMiB = size * (long)(TextEncoder.Dimensions + sizeof(float)) / 1_048_576.0; // the index always keeps them
            void Row(string name, Func<(float[] Vector, string? Except), IReadOnlyList<string>> search, string memory)
            {
                var (timings, recalls) = (new List<double>(), new List<double>());
                foreach (var (query, truth) in queries.Zip(exact))
                {
                    var clock = Stopwatch.StartNew();
                    var found = search(query);
                    timings.Add(clock.Elapsed.TotalMilliseconds);
                    recalls.Add(found.Count(truth.Contains) / 10.0);
                }
                var summary = LoadDriver.Summarize(timings, 0, TimeSpan.FromSeconds(1));
                table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {size:N0} | {name} | {summary.P50Ms:N2} | {summary.P99Ms:N2} | {recalls.Take(related.Count).Average():N3} | {recalls.Skip(related.Count).Average():N3} | {memory} |"));
                Console.WriteLine(table.ToString().Split('\n')[^2]);
            }
            Row($"exact{(index.IsApproximate ? "" : " (the service's)")}", query => Ids(index.Nearest(query.Vector, 10, query.Except, shortlist: int.MaxValue)), $"{vectorsMiB:N0} + {bytesMiB:N0} MiB");
            if (index.IsApproximate)
            {
                var (shortlist, regionsMiB) = (index.ShortlistAt(size), size * 2L * sizeof(int) / 1_048_576.0);
                Row($"shortlist of {shortlist:N0} by the codes of every paper",
                    query => Ids(index.Nearest(query.Vector, 10, query.Except, shortlist, probes: int.MaxValue)), $"{vectorsMiB:N0} + {bytesMiB:N0} + {codesMiB:N0} MiB");
                Row(string.Create(CultureInfo.InvariantCulture, $"shortlist of {shortlist:N0} in the {index.Probes} regions nearest, every paper of it ranked by its vector (no bytes)"),
                    query => Ids(index.Nearest(query.Vector, 10, query.Except, shortlist, rankedExactly: int.MaxValue)), $"{vectorsMiB:N0} + {bytesMiB:N0} + {codesMiB:N0} + {regionsMiB:N0} MiB");
                foreach (var probes in new[] { 8, 16, 32 })
                {
                    Row(string.Create(CultureInfo.InvariantCulture, $"shortlist of {shortlist:N0} in the {probes} regions nearest, of {index.RegionCount} (trained in {regionsTrained.TotalSeconds:N1} s; the fullest {index.LargestRegionToMean:N1}× the mean){(probes == index.Probes ? " (the service's)" : "")}, ranked by bytes, the best {PaperIndex.RankedExactly(10)} by vector"),
                        query => Ids(index.Nearest(query.Vector, 10, query.Except, shortlist, probes)), $"{vectorsMiB:N0} + {bytesMiB:N0} + {codesMiB:N0} + {regionsMiB:N0} MiB");
                }
            }
            if (size <= 100_000)
            {
                using var graph = new Cloud.Unum.USearch.USearchIndex(Cloud.Unum.USearch.MetricKind.Cos, Cloud.Unum.USearch.ScalarKind.Float16,
                    dimensions: TextEncoder.Dimensions, connectivity: 16, expansionAdd: 128, expansionSearch: 128);
                var build = Stopwatch.StartNew();
                for (var i = 0; i < size; i++)
                {
                    graph.Add((ulong)i, vectors.At(i));
                }
                Row($"HNSW (USearch; 16-bit, 16 links, breadth 128; built in {build.Elapsed.TotalSeconds:N0} s)", query =>
                {
                    var found = graph.Search(query.Vector, 11, out ulong[] keys, out float[] _);
                    return [.. keys.Take(found).Select(key => ArxivId((int)key)).Where(id => id != query.Except).Take(10)];
                }, "(not reported by its .NET binding)");
            }
        }
        return table.ToString();
    }

    private static List<string> Ids(IReadOnlyList<Neighbour> neighbours) => [.. neighbours.Select(neighbour => neighbour.ArxivId)];

    /// <summary>
    /// Related papers and searches through the gateway with N papers in the service's index, at the
    /// benchmark's client count and at a quarter of it. Related: a different paper each request.
    /// Search: different words each request (the gateway caches anonymous reads by their query
    /// string) with `mode=keyword` and with the default `mode=hybrid`, side by side; the catalogue
    /// holds no papers here, so the difference is the vector side's cost (embedding the words and
    /// searching the index), and hybrid again with searches asked before (their vectors are kept).
    /// A hybrid answer that fell back to keyword is counted apart.
    /// </summary>
    private static async Task<string> ThroughTheGatewayAsync(PlatformFixture platform, int[] sizes, PaperLikeVectors vectors, LoadDriver driver)
    {
        var service = platform.Processes.Single(process => process.Name == "embeddings");
        var connection = TestEnvironment.ConnectionStringFor("embeddings");
        var drivers = new[] { driver, new LoadDriver(Math.Max(1, BenchmarkSettings.Clients / 4), driver.Duration) };
        using var http = new HttpClient { BaseAddress = platform.GatewayAddress };
        var table = new StringBuilder();
        if (BenchmarkSettings.Runs("gateway"))
        {
            table.AppendLine("### Related papers and hybrid search through the gateway");
            table.AppendLine();
            AppendRowsHeading(table);
        }
        var memory = new List<string>();
        var loaded = 0;
        foreach (var size in sizes)
        {
            await BinaryCopy.LoadAsync(connection, "embeddings.papers",
                "COPY embeddings.papers (arxiv_id, title, text, submitted_at, vector, embedded_at) FROM STDIN (FORMAT BINARY)", loaded, size,
                async (writer, index) =>
                {
                    await writer.WriteAsync(ArxivId(index));
                    await writer.WriteAsync($"Paper {index}");
                    await writer.WriteAsync("");
                    await writer.WriteAsync(DateTimeOffset.UtcNow.AddMinutes(-index), NpgsqlDbType.TimestampTz);
                    await writer.WriteAsync(vectors.At(index), NpgsqlDbType.Array | NpgsqlDbType.Real);
                    await writer.WriteAsync(DateTimeOffset.UtcNow, NpgsqlDbType.TimestampTz);
                });
            loaded = size;
            await WaitUntilIndexedAsync(platform.ServiceAddresses["embeddings"], size);
            await driver.RunAsync(platform.GatewayAddress, random => $"/api/papers/{ArxivId(random.Next(size))}/related?limit=10"); // warm-up
            if (!BenchmarkSettings.Runs("gateway"))
            {
                continue;
            }
            foreach (var clients in drivers)
            {
                await RowAsync(table, platform, size, clients, "related papers", () => clients.RunAsync(platform.GatewayAddress, random => $"/api/papers/{ArxivId(random.Next(size))}/related?limit=10"));
                await RowAsync(table, platform, size, clients, "search, `mode=keyword`", () => clients.RunAsync(platform.GatewayAddress, random => $"/api/papers?q=graph%20networks%20{random.Next()}&mode=keyword"));
                await HybridRowsAsync(table, platform, size, clients, http, "");
                Console.WriteLine(string.Join('\n', table.ToString().Split('\n')[^5..^1]));
            }
            memory.Add(string.Create(CultureInfo.InvariantCulture, $"{service.WorkingSetBytes / 1_048_576.0:N0} MiB at {size:N0} papers"));
        }
        if (memory.Count > 0)
        {
            table.AppendLine();
            table.AppendLine($"The embeddings service's memory: {string.Join(", ", memory)}.");
        }
        if (BenchmarkSettings.Runs("query-models"))
        {
            table.AppendLine().AppendLine(await QueryModelsSideBySideAsync(platform, loaded, drivers, http));
        }
        return table.ToString();
    }

    /// <summary>
    /// Hybrid search with the embeddings service's searches embedded by the 8-bit model and by the
    /// full one, through the same gateway with the same papers: the service restarted with each
    /// setting in turn, twice, so that the machine's drift between the rows shows.
    /// </summary>
    private static async Task<string> QueryModelsSideBySideAsync(PlatformFixture platform, int size, LoadDriver[] drivers, HttpClient http)
    {
        var table = new StringBuilder();
        table.AppendLine("### Hybrid search with each model for searches, side by side (the embeddings service restarted between passes)");
        table.AppendLine();
        AppendRowsHeading(table);
        foreach (var model in new[] { ModelPrecision.Full, ModelPrecision.EightBit, ModelPrecision.Full, ModelPrecision.EightBit })
        {
            await platform.RestartAsync("embeddings", new Dictionary<string, string> { ["Embeddings__QueryModel"] = model.ToString() });
            await WaitUntilIndexedAsync(platform.ServiceAddresses["embeddings"], size);
            await drivers[^1].RunAsync(platform.GatewayAddress, random => $"/api/papers?q=warming%20up%20{random.Next()}"); // the restarted service's first requests
            foreach (var clients in drivers)
            {
                await HybridRowsAsync(table, platform, size, clients, http, $"{(model == ModelPrecision.Full ? "full" : "8-bit")} model: ");
            }
            Console.WriteLine(string.Join('\n', table.ToString().Split('\n')[^5..^1]));
        }
        return table.ToString();
    }

    private static void AppendRowsHeading(StringBuilder table)
    {
        table.AppendLine($"| papers | request | clients | requests/s | p50 ms | p99 ms | hybrid answers that fell back to keyword | CPU ms a request: {string.Join(" / ", CpuParts)} |");
        table.AppendLine("|---:|---|---:|---:|---:|---:|---:|---|");
    }

    /// <summary>One row: the load, and the CPU each part used over it per request answered (where a request's time goes).</summary>
    private static async Task RowAsync(StringBuilder table, PlatformFixture platform, int size, LoadDriver clients, string request,
        Func<Task<Measurement>> measure, Func<string>? fellBack = null)
    {
        var before = CpuAccount.Read(platform);
        var measured = await measure();
        var cpu = CpuAccount.Read(platform).PerItemSince(before, measured.Requests);
        table.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| {size:N0} | {request} | {clients.Clients} | {measured.RequestsPerSecond:N0} | {measured.P50Ms:N1} | {measured.P99Ms:N1} | {fellBack?.Invoke()} | {string.Join(" / ", CpuParts.Select(part => cpu.GetValueOrDefault(part).ToString("N2", CultureInfo.InvariantCulture)))} |"));
    }

    /// <summary>Hybrid search's two rows: every search new (the model runs), and one of 40 searches asked before (its vector is kept).</summary>
    private static async Task HybridRowsAsync(StringBuilder table, PlatformFixture platform, int size, LoadDriver clients, HttpClient http, string prefix)
    {
        async Task HybridRow(string request, Func<Random, string> path)
        {
            var (answers, fellBack) = (0, 0);
            await RowAsync(table, platform, size, clients, request, () => clients.RunAsync(async random =>
            {
                using var response = await http.GetAsync(path(random));
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                Interlocked.Increment(ref answers);
                if (body.TryGetProperty("meaningUnavailable", out var unavailable) && unavailable.GetBoolean())
                {
                    Interlocked.Increment(ref fellBack);
                }
                return response.IsSuccessStatusCode;
            }), () => $"{fellBack} of {answers}");
        }
        // A number no search of the run asked before (each client's Random repeats its numbers from one size to the next).
        await HybridRow($"{prefix}search, hybrid (the default), every search new", _ => $"/api/papers?q=graph%20networks%20{Interlocked.Increment(ref s_searchesAsked)}");
        // The same 40 searches again and again, past the gateway's cache (a parameter the catalogue ignores): the model's work is kept.
        await HybridRow($"{prefix}search, hybrid, one of 40 searches asked before", random => $"/api/papers?q=graph%20networks%20{random.Next(40)}&unique={random.Next()}");
    }

    private static int s_searchesAsked;

    /// <summary>The processes whose CPU a request's row shows ("benchmark" is the clients themselves, on the same two cores).</summary>
    private static readonly string[] CpuParts = ["gateway", "catalogue", "embeddings", "postgres", "benchmark"];

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

    [GeneratedRegex(@"(\d+) papers indexed")] // also while the index loads ("loading the index: N papers indexed")
    private static partial Regex IndexedCount();
}
