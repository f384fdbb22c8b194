using System.Globalization;

namespace PapersPlatform.Benchmarks;

/// <summary>deploy/benchmark.sh catalogue|trending|import|notification|gateway|votes|search|relevance|startup [--sizes 10000,100000,1000000] [--seconds 5] [--clients 16] [--papers 100000] [--votes-per-paper 10] [--subscribers 100000] [--reads trending] [--parts model,memory,gateway,query-models] [--starts 3]</summary>
internal static class BenchmarkSettings
{
    public static string Mode { get; private set; } = "catalogue";
    public static int[] Sizes { get; private set; } = [10_000, 100_000, 1_000_000];
    private static bool _sizesGiven;

    /// <summary>The sizes given with --sizes, or a benchmark's own defaults.</summary>
    public static int[] SizesOr(int[] defaults) => _sizesGiven ? Sizes : defaults;
    /// <summary>Per figure; 10 for votes (a step must last long enough for the pipeline to settle).</summary>
    public static int Seconds => _seconds ?? (Mode == "votes" ? 10 : 5);
    private static int? _seconds;
    public static int Clients { get; private set; } = 16;
    /// <summary>Client counts the votes benchmark rises through (it stops early once throughput stops growing past 16).</summary>
    public static int[] ClientSteps { get; private set; } = [1, 2, 4, 8, 16, 32, 64];
    /// <summary>Seconds the votes benchmark measures the platform doing nothing.</summary>
    public static int IdleSeconds { get; private set; } = 5;
    public static int ImportPapers { get; private set; } = 100_000;

    /// <summary>Starts of the platform per kind of build (the start-up benchmark).</summary>
    public static int Starts { get; private set; } = 3;
    public static int Subscribers { get; private set; } = 100_000;

    /// <summary>Votes each loaded paper has already had (trending): 10 makes 10,000,000 at 1,000,000 papers.</summary>
    public static int VotesPerPaper { get; private set; } = 10;

    /// <summary>The gateway benchmark's reads to measure (by name, e.g. "trending"); empty: all of them.</summary>
    public static string[] Reads { get; private set; } = [];

    /// <summary>The search benchmark's parts to run (model, memory, gateway, query-models); empty: all of them.</summary>
    public static string[] Parts { get; private set; } = [];

    /// <summary>The search benchmark's parts, by name.</summary>
    private static readonly string[] KnownParts = ["model", "memory", "gateway", "query-models"];

    /// <summary>The parts named, each one the search benchmark has: a misspelt part would otherwise run nothing, silently.</summary>
    private static string[] SearchParts(string list)
    {
        var parts = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var unknown = parts.Where(part => !KnownParts.Contains(part, StringComparer.OrdinalIgnoreCase)).ToList();
        return unknown.Count == 0 ? parts : throw new ArgumentException($"Unknown part {string.Join(", ", unknown)}. The search benchmark's parts: {string.Join(", ", KnownParts)}.");
    }

    /// <summary>Whether the search benchmark runs <paramref name="part"/>.</summary>
    public static bool Runs(string part) => Parts.Length == 0 || Parts.Contains(part, StringComparer.OrdinalIgnoreCase);

    /// <summary>Prints the query plan of the common-word search after each load (a diagnostic).</summary>
    public static bool Explain { get; private set; }

    public static void Parse(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "catalogue" or "import" or "trending" or "notification" or "gateway" or "votes" or "search" or "relevance" or "startup": Mode = args[i]; break;
                case "--starts": Starts = int.Parse(Next(), CultureInfo.InvariantCulture) is >= 1 and var starts ? starts : throw new ArgumentException("--starts needs 1 or more: each kind of build needs a start to measure."); break;
                case "--sizes": Sizes = [.. Next().Split(',').Select(size => int.Parse(size, CultureInfo.InvariantCulture)).Order()]; _sizesGiven = true; break;
                case "--seconds": _seconds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--steps": ClientSteps = [.. Next().Split(',').Select(step => int.Parse(step, CultureInfo.InvariantCulture)).Order()]; break;
                case "--idle-seconds": IdleSeconds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--clients": Clients = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--subscribers": Subscribers = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--papers": ImportPapers = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--explain": Explain = true; break;
                case "--reads": Reads = Next().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries); break;
                case "--parts": Parts = SearchParts(Next()); break;
                case "--votes-per-paper": VotesPerPaper = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option {args[i]}. Use: catalogue|trending|import|notification|gateway|votes|search|relevance|startup [--sizes a,b,c] [--seconds N] [--clients N] [--papers N] [--votes-per-paper N] [--subscribers N] [--steps 1,2,4] [--reads trending,paper page] [--parts model,memory,gateway] [--starts N]");
            }
        }
    }
}
