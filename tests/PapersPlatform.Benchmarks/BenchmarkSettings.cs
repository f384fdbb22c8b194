using System.Globalization;

namespace PapersPlatform.Benchmarks;

/// <summary>deploy/benchmark.sh catalogue|trending|import|notification|gateway [--sizes 10000,100000,1000000] [--seconds 5] [--clients 16] [--papers 100000] [--votes-per-paper 10] [--subscribers 100000]</summary>
internal static class BenchmarkSettings
{
    public static string Mode { get; private set; } = "catalogue";
    public static int[] Sizes { get; private set; } = [10_000, 100_000, 1_000_000];
    public static int Seconds { get; private set; } = 5;
    public static int Clients { get; private set; } = 16;
    public static int ImportPapers { get; private set; } = 100_000;
    public static int Subscribers { get; private set; } = 100_000;

    /// <summary>Votes each loaded paper has already had (trending): 10 makes 10,000,000 at 1,000,000 papers.</summary>
    public static int VotesPerPaper { get; private set; } = 10;

    /// <summary>Prints the query plan of the common-word search after each load (a diagnostic).</summary>
    public static bool Explain { get; private set; }

    public static void Parse(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "catalogue" or "import" or "trending" or "notification" or "gateway": Mode = args[i]; break;
                case "--sizes": Sizes = [.. Next().Split(',').Select(size => int.Parse(size, CultureInfo.InvariantCulture)).Order()]; break;
                case "--seconds": Seconds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--clients": Clients = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--subscribers": Subscribers = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--papers": ImportPapers = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--explain": Explain = true; break;
                case "--votes-per-paper": VotesPerPaper = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option {args[i]}. Use: catalogue|trending|import|notification|gateway [--sizes a,b,c] [--seconds N] [--clients N] [--papers N] [--votes-per-paper N] [--subscribers N]");
            }
        }
    }
}
