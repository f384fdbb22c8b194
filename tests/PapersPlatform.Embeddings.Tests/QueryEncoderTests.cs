using PapersPlatform.Embeddings.Encoding;

namespace PapersPlatform.Embeddings.Tests;

/// <summary>The searches' model: a search asked again is answered from the kept vectors, and only the same search is.</summary>
public sealed class QueryEncoderTests
{
    [Fact]
    public async Task A_search_asked_again_in_other_case_or_spacing_is_not_embedded_again()
    {
        using var encoder = new QueryEncoder(models: 1);

        var first = await encoder.EncodeAsync("Protein  folding", CancellationToken.None);
        var again = await encoder.EncodeAsync(" protein FOLDING ", CancellationToken.None);
        var other = await encoder.EncodeAsync("protein design", CancellationToken.None);

        Assert.Same(first, again);
        Assert.NotSame(first, other);
        Assert.NotEqual(first, other);
        using var model = new TextEncoder(threads: 1, TextEncoder.Model(ModelPrecision.EightBit));
        Assert.Equal((await model.EncodeAsync(["protein folding"], CancellationToken.None))[0], first, (a, b) => Math.Abs(a - b) < 1e-4f);
    }

    [Theory]
    [InlineData(ModelPrecision.EightBit)]
    [InlineData(ModelPrecision.Full)]
    public async Task Searches_asked_together_each_get_the_vector_they_would_get_alone(ModelPrecision precision)
    {
        using var encoder = new QueryEncoder(models: 1, precision);
        var texts = Enumerable.Range(0, 40).Select(i => $"search number {i} about {(i % 2 == 0 ? "protein folding" : "image diffusion")}").ToList();

        var together = await Task.WhenAll(texts.Select(text => encoder.EncodeAsync(text, CancellationToken.None)));

        using var model = new TextEncoder(threads: 1, TextEncoder.Model(encoder.Precision));
        foreach (var (text, vector) in texts.Zip(together))
        {
            Assert.Equal((await model.EncodeAsync([text], CancellationToken.None))[0], vector, (a, b) => Math.Abs(a - b) < 1e-4f);
        }
    }

    [Fact]
    public async Task No_more_searches_are_kept_than_the_limit_and_each_is_still_answered_with_its_vector()
    {
        using var encoder = new QueryEncoder(models: 1, recentQueries: 2);

        var first = await encoder.EncodeAsync("protein folding", CancellationToken.None);
        await encoder.EncodeAsync("image diffusion", CancellationToken.None);
        await encoder.EncodeAsync("graph networks", CancellationToken.None);
        var again = await encoder.EncodeAsync("protein folding", CancellationToken.None);

        Assert.InRange(encoder.Kept, 1, 2);
        Assert.Equal(first, again, (a, b) => Math.Abs(a - b) < 1e-4f);
    }
}
