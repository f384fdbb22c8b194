namespace PapersPlatform.Benchmarks;

/// <summary>
/// Titles and abstracts in plain research English (made up, drawn from a fixed word list), for the
/// model's throughput: its cost is in word pieces, and made-up words split into many more pieces
/// than real ones.
/// </summary>
internal sealed class EnglishLikePapers(int seed)
{
    private static readonly string[] Words =
    [
        "we", "propose", "a", "novel", "method", "for", "learning", "representations", "of", "graphs", "with", "neural", "networks",
        "the", "model", "is", "trained", "on", "large", "datasets", "and", "evaluated", "across", "several", "benchmarks", "our",
        "approach", "improves", "accuracy", "while", "reducing", "computational", "cost", "in", "particular", "show", "that",
        "attention", "mechanisms", "can", "capture", "long", "range", "dependencies", "between", "tokens", "experiments",
        "demonstrate", "state", "art", "results", "language", "modelling", "image", "classification", "reinforcement", "policy",
        "optimisation", "diffusion", "generative", "sampling", "quality", "protein", "structure", "prediction", "from", "sequence",
        "molecular", "dynamics", "simulation", "physics", "informed", "equations", "solver", "robust", "adversarial", "examples",
        "theoretical", "analysis", "convergence", "rate", "gradient", "descent", "stochastic", "variance", "reduction", "bound",
        "this", "paper", "studies", "problem", "under", "assumptions", "data", "distribution", "shift", "transfer", "across",
        "domains", "by", "aligning", "features", "self", "supervised", "pretraining", "fine", "tuning", "small", "number", "labels",
        "efficient", "inference", "hardware", "memory", "footprint", "quantisation", "pruning", "sparse", "experts", "routing",
        "to", "address", "limitation", "introduce", "framework", "which", "combines", "retrieval", "generation", "answers",
        "questions", "about", "documents", "scientific", "literature", "citations", "benchmark", "human", "evaluation", "study",
    ];

    public string Title(int index) => Sentence(new Random(seed * 7919 + index), 10);

    /// <summary>About 190 words, 1,300 characters: a typical arXiv abstract.</summary>
    public string Abstract(int index) => Sentence(new Random(seed * 104_729 + index), 190);

    private static string Sentence(Random random, int words)
    {
        var text = string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)]));
        return char.ToUpperInvariant(text[0]) + text[1..];
    }
}
