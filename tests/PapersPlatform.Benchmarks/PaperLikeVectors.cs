using PapersPlatform.Embeddings.Encoding;

namespace PapersPlatform.Benchmarks;

/// <summary>
/// Vectors that lie where the model puts papers, for an index of a million without embedding a
/// million texts (41 papers/s: seven hours). The model embeds a few thousand abstracts made from
/// the relevance set's topics, methods and findings; each generated vector mixes two of those
/// (mostly one, some of another, as a paper straddles two subjects) plus a little of its own. An
/// index's recall depends on this: on uniformly random vectors no paper is much nearer than
/// another and no approximate index finds "the" nearest (docs/search.md).
/// </summary>
internal sealed class PaperLikeVectors
{
    private readonly float[][] _embedded;

    private PaperLikeVectors(float[][] embedded) => _embedded = embedded;

    /// <summary>The model's vectors of the abstracts themselves: the first of any generated sequence.</summary>
    public IReadOnlyList<float[]> Embedded => _embedded;

    public static async Task<PaperLikeVectors> EmbedAsync(int texts, int seed = 11)
    {
        var random = new Random(seed);
        using var encoder = new TextEncoder(Environment.ProcessorCount);
        var embedded = new List<float[]>(texts);
        foreach (var batch in Enumerable.Range(0, texts).Select(_ => Abstract(random)).Chunk(32))
        {
            embedded.AddRange(await encoder.EncodeAsync(batch, CancellationToken.None));
        }
        return new PaperLikeVectors([.. embedded]);
    }

    /// <summary>Vector <paramref name="index"/>: one the model made while there are, then mixtures, the same in every run.</summary>
    public float[] At(int index)
    {
        if (index < _embedded.Length)
        {
            return _embedded[index];
        }
        var random = new Random(index);
        var (main, other) = (_embedded[random.Next(_embedded.Length)], _embedded[random.Next(_embedded.Length)]);
        var share = 0.1f + 0.3f * random.NextSingle();
        var vector = new float[TextEncoder.Dimensions];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (1 - share) * main[i] + share * other[i] + 0.03f * (random.NextSingle() * 2 - 1);
        }
        return Normalised(vector);
    }

    /// <summary>The relevance set's searches as the service embeds them: by the 8-bit query model, each alone.</summary>
    public static async Task<float[][]> EmbedSearchesAsync()
    {
        using var encoder = new TextEncoder(Environment.ProcessorCount, TextEncoder.Model(ModelPrecision.EightBit));
        var searches = new List<float[]>();
        foreach (var search in RelevanceSet.Searches)
        {
            searches.Add((await encoder.EncodeAsync([search], CancellationToken.None))[0]);
        }
        return [.. searches];
    }

    private static string Abstract(Random random)
    {
        var topic = RelevanceSet.Topics[random.Next(RelevanceSet.Topics.Length)];
        string Subject() => topic.Subjects[random.Next(topic.Subjects.Length)];
        var method = RelevanceSet.Methods[random.Next(RelevanceSet.Methods.Length)];
        var finding = RelevanceSet.Findings[random.Next(RelevanceSet.Findings.Length)];
        return $"{Subject()} with {method}. We study {Subject()} and {Subject()}; our approach {finding} on {random.Next(2, 9)} benchmarks of {Subject()}.";
    }

    private static float[] Normalised(float[] vector)
    {
        var length = MathF.Sqrt(vector.Sum(value => value * value));
        return [.. vector.Select(value => value / length)];
    }
}
