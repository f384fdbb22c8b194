using PapersPlatform.Embeddings.Encoding;
using PapersPlatform.Embeddings.Similarity;

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
}
