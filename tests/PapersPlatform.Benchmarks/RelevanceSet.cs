namespace PapersPlatform.Benchmarks;

/// <summary>
/// A small relevance set written for this repository (no text from real abstracts): papers on
/// twenty distinct topics, ten each, and for each topic two searches whose right answers are its
/// papers. One search uses the topic's own words (what keyword search is good at), the other says
/// the same thing in words the papers do not use (what search by meaning is for). Every paper
/// also uses methods and phrases common to all topics, so a method's name alone finds nothing.
/// </summary>
internal static class RelevanceSet
{
    public const int PapersPerTopic = 10;

    /// <param name="Subjects">The topic's own phrases, which its papers are written with.</param>
    /// <param name="Words">A search in the papers' own words.</param>
    /// <param name="Paraphrase">The same need in words none of its papers contain.</param>
    public sealed record Topic(string Name, string[] Subjects, string Words, string Paraphrase);

    public sealed record Paper(string ArxivId, string Topic, string Title, string Abstract);

    public static readonly Topic[] Topics =
    [
        new("protein folding", ["protein structure prediction", "amino acid sequences", "residue contact maps", "tertiary structure of proteins"], "protein structure", "how peptide chains fold in space"),
        new("image generation", ["denoising diffusion for images", "photorealistic image synthesis", "text-to-image generation", "pixel-space generative modelling"], "image synthesis", "making realistic pictures from noise"),
        new("speech recognition", ["automatic speech recognition", "acoustic models for spoken audio", "transcription of spoken utterances", "phoneme recognition"], "speech recognition", "turning voice recordings into written words"),
        new("machine translation", ["neural machine translation", "translation between languages", "bilingual sentence alignment", "low-resource translation"], "machine translation", "converting sentences from French into German"),
        new("robot grasping", ["robotic grasping", "manipulation with robot arms", "grasp pose estimation", "dexterous robot hands"], "robotic grasping", "picking up objects with mechanical fingers"),
        new("autonomous driving", ["autonomous driving", "self-driving vehicles", "trajectory planning for cars", "lane detection on highways"], "autonomous driving", "cars that steer themselves on the road"),
        new("weather forecasting", ["weather forecasting", "numerical weather prediction", "precipitation nowcasting", "atmospheric reanalysis data"], "weather forecasting", "predicting tomorrow's rain and temperature"),
        new("drug discovery", ["drug discovery", "binding affinity of small molecules", "virtual screening of compounds", "molecular docking"], "drug discovery", "finding new medicines among chemical candidates"),
        new("recommender systems", ["recommender systems", "collaborative filtering of user ratings", "next-item recommendation", "implicit feedback from clicks"], "recommender systems", "suggesting products a shopper may like"),
        new("graph partitioning", ["graph partitioning", "community detection in networks", "clustering of graph vertices", "modularity maximisation"], "community detection", "splitting a social network into tight groups"),
        new("quantum error correction", ["quantum error correction", "surface codes for qubits", "fault-tolerant quantum computation", "logical qubit decoding"], "quantum error correction", "protecting fragile quantum bits from noise"),
        new("climate modelling", ["climate models", "global warming projections", "ocean heat uptake", "carbon cycle feedbacks"], "climate models", "how hot the planet will get this century"),
        new("medical imaging", ["medical image segmentation", "tumour detection in MRI scans", "radiology reports", "computed tomography reconstruction"], "tumour segmentation", "outlining cancer in hospital scans"),
        new("code generation", ["code generation", "program synthesis from specifications", "software bug repair", "completion of source code"], "program synthesis", "writing software automatically from a description"),
        new("question answering", ["open-domain question answering", "reading comprehension over passages", "retrieval of supporting evidence", "answer span extraction"], "question answering", "replying to trivia by reading Wikipedia"),
        new("reinforcement learning for games", ["reinforcement learning agents in games", "self-play in board games", "policy gradients for Atari", "Monte Carlo tree search"], "self-play", "teaching a computer to win at chess and Go"),
        new("privacy", ["differential privacy", "privacy-preserving data analysis", "membership inference attacks", "private aggregation of statistics"], "differential privacy", "keeping individuals' records secret in published statistics"),
        new("federated learning", ["federated learning", "training across many phones", "client drift in decentralised optimisation", "secure aggregation of updates"], "federated learning", "learning from data that never leaves people's devices"),
        new("time series anomalies", ["anomaly detection in time series", "outliers in sensor streams", "change point detection", "forecast residual monitoring"], "anomaly detection", "spotting unusual spikes in machine telemetry"),
        new("music generation", ["symbolic music generation", "melody composition", "polyphonic piano transcription", "chord progression modelling"], "music generation", "composing songs with a computer"),
    ];

    /// <summary>Every search of the set: each topic's search in its papers' words, then its paraphrase.</summary>
    public static readonly string[] Searches = [.. Topics.SelectMany(topic => new[] { topic.Words, topic.Paraphrase })];

    internal static readonly string[] Methods = ["a transformer", "a graph neural network", "contrastive pretraining", "a variational autoencoder", "Bayesian optimisation", "a mixture of experts", "knowledge distillation", "a recurrent network", "curriculum learning", "a state-space model"];
    internal static readonly string[] Findings = ["improves accuracy by a wide margin", "halves the cost of training", "generalises to unseen settings", "needs far fewer labelled examples", "runs in real time on commodity hardware"];

    /// <summary>Paper i of topic t: its id is 2611.5ttii, the same in every run.</summary>
    public static IEnumerable<Paper> Papers() =>
        Topics.SelectMany((topic, t) => Enumerable.Range(0, PapersPerTopic).Select(i =>
        {
            var random = new Random(t * 1_000 + i);
            string Subject() => topic.Subjects[random.Next(topic.Subjects.Length)];
            var method = Methods[random.Next(Methods.Length)];
            var title = (i % 3) switch
            {
                0 => $"{Capital(Subject())} with {method}",
                1 => $"Revisiting {Subject()}: {method} is enough",
                _ => $"Towards better {Subject()}",
            };
            var text = $"We study {Subject()} and {Subject()}. Using {method}, our approach {Findings[random.Next(Findings.Length)]}. " +
                $"Experiments on three benchmarks of {Subject()} confirm it, and an ablation shows which parts matter.";
            return new Paper($"2611.5{t:D2}{i:D2}", topic.Name, title, text);
        }));

    /// <summary>nDCG@10 with binary relevance: 1 for each of the topic's papers, at its rank's discount.</summary>
    public static double NdcgAt10(IReadOnlyList<string> ranked, IReadOnlySet<string> relevant)
    {
        double Discount(int rank) => 1 / Math.Log2(rank + 2);
        var dcg = ranked.Take(10).Select((id, rank) => relevant.Contains(id) ? Discount(rank) : 0).Sum();
        var ideal = Enumerable.Range(0, Math.Min(10, relevant.Count)).Sum(Discount);
        return dcg / ideal;
    }

    /// <summary>The share of the topic's papers in the first ten (of as many as fit in ten).</summary>
    public static double RecallAt10(IReadOnlyList<string> ranked, IReadOnlySet<string> relevant) =>
        (double)ranked.Take(10).Count(relevant.Contains) / Math.Min(10, relevant.Count);

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
