namespace PapersPlatform.Seed;

/// <summary>
/// Papers that read like a day on a daily-papers page, made up from word lists written for this
/// tool: no title or abstract of a real paper, and names and organisations that are invented.
/// The same seed makes the same day.
/// </summary>
internal sealed class SyntheticPapers(int seed)
{
    private static readonly string[] Topics =
    [
        "diffusion models", "graph neural networks", "reinforcement learning from feedback", "speech recognition",
        "protein structure prediction", "retrieval-augmented generation", "vision transformers", "mixture-of-experts language models",
        "robot manipulation", "code generation", "time-series forecasting", "3D scene reconstruction", "flow matching",
        "video generation", "multilingual translation", "tabular learning", "weather forecasting", "long-context reasoning",
    ];

    private static readonly string[] Techniques =
    [
        "sparse attention", "contrastive pretraining", "curriculum learning", "low-rank adapters", "self-distillation",
        "test-time search", "synthetic data", "state-space layers", "energy-based objectives", "token merging",
        "preference optimisation", "latent planning", "quantised training", "neural operators",
    ];

    private static readonly string[] Patterns =
    [
        "Scaling {topic} with {technique}", "{Technique} Is All You Need for {topic}", "Rethinking {topic}: a {technique} perspective",
        "Faster {topic} through {technique}", "When Does {technique} Help {topic}?", "{Technique} for Data-Efficient {topic}",
        "A Benchmark for {topic} in the Wild", "Towards Reliable {topic} with {technique}",
    ];

    private static readonly string[] Findings =
    [
        "halves the compute needed to reach the same quality", "improves accuracy by 4.2 points on average",
        "matches much larger baselines with a tenth of the parameters", "stays stable over ten times longer inputs",
        "transfers to six unseen domains without tuning", "reduces failure cases by a third in human evaluation",
    ];

    private static readonly string[] FirstNames =
    [
        "Amara", "Bastian", "Chiara", "Dmitri", "Elif", "Farid", "Greta", "Hiroshi", "Ines", "Jonas", "Kavya", "Lucas",
        "Mei", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Samir", "Tove", "Umar", "Valeria", "Wen", "Yusuf", "Zofia",
    ];

    private static readonly string[] LastNames =
    [
        "Albrecht", "Bianchi", "Castellanos", "Dubois", "Eriksen", "Fujimoto", "Haddad", "Ivanova", "Jansen", "Kowalczyk",
        "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quispe", "Rahman", "Schneider", "Takahashi", "Varga", "Zhou",
    ];

    private static readonly string[] Organisations =
    [
        "Northlake Institute of Technology", "Aurora AI Lab", "Meridian University", "Harbourview Research",
        "Polaris Computing Group", "Juniper Robotics", "Cedar Valley University", "Lumen Language Lab",
    ];

    private readonly Random _random = new(seed);
    private readonly HashSet<string> _ids = [];

    public PaperDraft Next(DateOnly publishedOn)
    {
        var topic = Pick(Topics);
        var technique = Pick(Techniques);
        var title = Pick(Patterns)
            .Replace("{topic}", TitleCase(topic), StringComparison.Ordinal)
            .Replace("{technique}", TitleCase(technique), StringComparison.Ordinal)
            .Replace("{Technique}", TitleCase(technique), StringComparison.Ordinal);
        var abstractText =
            $"We study {topic} and ask how far {technique} can take it. " +
            $"We introduce a simple recipe that combines {technique} with {Pick(Techniques)}, and evaluate it on {_random.Next(3, 12)} public benchmarks. " +
            $"Our method {Pick(Findings)}, and an ablation shows which parts matter. " +
            "Code and checkpoints are released.";
        var authors = Enumerable.Range(0, AuthorCount()).Select(_ => $"{Pick(FirstNames)} {Pick(LastNames)}").Distinct().ToArray();
        return new PaperDraft(NewId(publishedOn), title, abstractText, authors,
            _random.Next(5) == 0 ? null : Pick(Organisations), publishedOn,
            _random.Next(2) == 0 ? $"https://code.example.org/{Slug(topic)}" : null);
    }

    /// <summary>How popular a paper of the day is, from 0 to 1: a few papers get most of the votes, as on a real day.</summary>
    public double Popularity(int rank) => 1.0 / Math.Pow(rank + 1, 0.9) * (0.7 + 0.3 * _random.NextDouble());

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    private int AuthorCount() => _random.Next(10) switch
    {
        < 3 => _random.Next(1, 4),
        < 8 => _random.Next(4, 9),
        _ => _random.Next(9, 30), // collaborations list dozens
    };

    private string NewId(DateOnly publishedOn)
    {
        while (true)
        {
            var id = $"{publishedOn:yyMM}.{_random.Next(10000, 99999):D5}";
            if (_ids.Add(id))
            {
                return id;
            }
        }
    }

    private string Pick(string[] words) => words[_random.Next(words.Length)];

    /// <summary>"low-rank adapters" → "Low-Rank Adapters", as titles are written.</summary>
    private static string TitleCase(string text) =>
        string.Join(' ', text.Split(' ').Select(word => string.Join('-', word.Split('-').Select(part =>
            part.Length > 3 || word == text.Split(' ')[0] ? char.ToUpperInvariant(part[0]) + part[1..] : part))));

    private static string Slug(string text) => string.Join('-', text.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
}

internal sealed record PaperDraft(string ArxivId, string Title, string Abstract, string[] Authors, string? Organization, DateOnly PublishedOn, string? CodeUrl);
