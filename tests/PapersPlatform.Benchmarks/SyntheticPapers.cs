using System.Globalization;

namespace PapersPlatform.Benchmarks;

/// <summary>
/// Deterministic synthetic papers: a skewed vocabulary (a few words are everywhere, most are
/// rare), 1,000 submissions per day going back from yesterday, skewed upvotes. Paper number i is
/// always the same paper, so a larger run is a smaller run plus more papers.
/// </summary>
internal sealed class SyntheticPapers(DateTimeOffset newestDay, int idYearOffset = 10)
{
    public const int PapersPerDay = 1_000;

    /// <summary>In about 30% of abstracts: "one common word".</summary>
    public const string CommonWord = "learning";

    /// <summary>In the title of one paper per 100,000: "one rare phrase".</summary>
    public const string RarePhrase = "zebrafish tokamak";

    /// <summary>In no paper.</summary>
    public const string NoMatch = "qxzvjkw";

    private static readonly string[] Syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "bra", "cor", "dun", "fel", "gri", "hap", "jor", "ple", "qua", "sto", "tri"];
    /// <summary>20,000 made-up words; papers draw the first ones far more often than the last.</summary>
    public static IReadOnlyList<string> Vocabulary { get; } = [.. Enumerable.Range(0, 20_000).Select(Word)];
    private static readonly string[] People = [.. Enumerable.Range(0, 5_000).Select(i => $"{Capital(Word(i * 7 + 3))} {Capital(Word(i * 13 + 11))}")];

    public DateTimeOffset DayOf(int index) => newestDay.AddDays(-(index / PapersPerDay));

    public Paper Create(int index)
    {
        var random = new Random(index);
        var submittedAt = DayOf(index).AddSeconds(index % PapersPerDay * 86);
        var title = Sentence(random, 8);
        if (index % 100_000 == 7)
        {
            title = $"{RarePhrase} {title}";
        }
        var abstractText = Sentence(random, 120);
        if (random.NextDouble() < 0.3)
        {
            abstractText = $"{abstractText} {CommonWord}";
        }
        return new Paper(
            ArxivId(index),
            title,
            abstractText,
            [.. Enumerable.Range(0, random.Next(2, 7)).Select(_ => People[random.Next(People.Length)])],
            $"Institute {random.Next(300)}",
            submittedAt.AddDays(-2),
            submittedAt,
            $"user{random.Next(5_000)}",
            (int)(500 * Math.Pow(random.NextDouble(), 6)),
            random.NextDouble() * 100);
    }

    /// <summary>New-style ids, 90,000 per month, in years no test uses.</summary>
    public string ArxivId(int index)
    {
        var month = index / 90_000;
        return string.Create(CultureInfo.InvariantCulture, $"{idYearOffset + month / 12:D2}{1 + month % 12:D2}.{10_000 + index % 90_000:D5}");
    }

    private static string Sentence(Random random, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => Vocabulary[(int)(Vocabulary.Count * Math.Pow(random.NextDouble(), 3))]));

    private static string Word(int seed)
    {
        var random = new Random(seed);
        return string.Concat(Enumerable.Range(0, random.Next(2, 5)).Select(_ => Syllables[random.Next(Syllables.Length)]));
    }

    private static string Capital(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}

internal sealed record Paper(
    string ArxivId, string Title, string Abstract, string[] Authors, string Organization,
    DateTimeOffset PublishedAt, DateTimeOffset SubmittedAt, string SubmittedBy, int Upvotes, double TrendingScore);
