using PapersPlatform.Embeddings.Similarity;

namespace PapersPlatform.Embeddings.Tests;

public sealed class PaperIndexTests
{
    [Fact]
    public void Nearest_are_ordered_by_cosine_similarity_and_leave_the_paper_itself_out()
    {
        var index = new PaperIndex(dimensions: 3);
        index.Add("self", "Self", Unit(1, 0, 0));
        index.Add("close", "Close", Unit(0.9f, 0.1f, 0));
        index.Add("closer", "Closer", Unit(0.99f, 0.01f, 0));
        index.Add("far", "Far", Unit(0, 0, 1));
        index.Add("opposite", "Opposite", Unit(-1, 0, 0));

        var nearest = index.Nearest(Unit(1, 0, 0), 3, except: "self");

        Assert.Equal(["closer", "close", "far"], nearest.Select(neighbour => neighbour.ArxivId));
        Assert.InRange(nearest[0].Similarity, 0.99f, 1f);
        Assert.Equal(0f, nearest[2].Similarity, 5);
    }

    [Fact]
    public void Asking_for_more_than_there_are_gives_every_other_paper()
    {
        var index = new PaperIndex(dimensions: 2);
        index.Add("a", "A", Unit(1, 0));
        index.Add("b", "B", Unit(0, 1));

        Assert.Equal(["b"], index.Nearest(Unit(1, 0), 10, except: "a").Select(neighbour => neighbour.ArxivId));
    }

    [Fact]
    public void Past_one_block_of_vectors_every_paper_is_found_and_adding_one_again_replaces_it()
    {
        var index = new PaperIndex(dimensions: 8);
        var random = new Random(3);
        var vectors = Enumerable.Range(0, 10_000).Select(_ => Unit([.. Enumerable.Range(0, 8).Select(_ => (float)random.NextDouble() - 0.5f)])).ToList();
        for (var i = 0; i < vectors.Count; i++)
        {
            index.Add($"p{i}", $"Paper {i}", vectors[i]);
        }

        Assert.Equal(10_000, index.Count);
        foreach (var i in new[] { 0, 4_095, 4_096, 9_999 })
        {
            Assert.Equal($"p{i}", index.Nearest(vectors[i], 1)[0].ArxivId);
        }
        index.Add("p0", "Paper 0, again", vectors[9_999]);
        Assert.Equal(10_000, index.Count);
        Assert.Equal(["p0", "p9999"], index.Nearest(vectors[9_999], 2).Select(neighbour => neighbour.ArxivId).Order());
        Assert.Equal("Paper 0, again", index.Find("p0")!.Title);
    }

    [Fact]
    public void Past_the_exact_size_a_shortlist_by_sign_codes_in_the_nearest_regions_finds_what_reading_every_vector_finds()
    {
        var index = new PaperIndex(dimensions: 64, exactUpTo: 1_000, shortlist: 250, regions: 32, probes: 8);
        var random = new Random(5);
        var topics = Enumerable.Range(0, 40).Select(_ => RandomVector(random, 64)).ToList();
        var vectors = Enumerable.Range(0, 6_000)
            .Select(i => Unit([.. topics[i % topics.Count].Zip(RandomVector(random, 64), (topic, own) => topic + 0.6f * own)])).ToList();
        for (var i = 0; i < vectors.Count; i++)
        {
            index.Add($"p{i}", $"Paper {i}", vectors[i]);
            Assert.Equal(i >= 1_000, index.IsApproximate);
        }

        var (found, wanted) = (0, 0);
        foreach (var i in Enumerable.Range(0, 60).Select(n => n * 97))
        {
            var shortlisted = index.Nearest(vectors[i], 10, except: $"p{i}");
            var exact = index.Nearest(vectors[i], 10, except: $"p{i}", shortlist: int.MaxValue);
            Assert.DoesNotContain($"p{i}", shortlisted.Select(neighbour => neighbour.ArxivId));
            Assert.Equal(shortlisted.OrderByDescending(neighbour => neighbour.Similarity), shortlisted);
            found += shortlisted.Select(neighbour => neighbour.ArxivId).Intersect(exact.Select(neighbour => neighbour.ArxivId)).Count();
            wanted += exact.Count;
        }
        Assert.InRange(found / (double)wanted, 0.95, 1.0);

        // A paper embedded again past the threshold is found by its new vector: its code follows it.
        index.Add("p0", "Paper 0, again", vectors[5_999]);
        Assert.Equal(["p0", "p5999"], index.Nearest(vectors[5_999], 2).Select(neighbour => neighbour.ArxivId).Order());
    }

    [Fact]
    public void A_vector_of_another_length_is_refused_and_changes_nothing()
    {
        var index = new PaperIndex(dimensions: 3);

        Assert.Throws<ArgumentException>(() => index.Add("short", "Short", [1f, 0f]));

        Assert.Equal(0, index.Count);
        Assert.False(index.Contains("short"));
    }

    [Fact]
    public void The_dot_product_agrees_with_the_plain_sum_at_every_length()
    {
        // Vectorised in chunks of Vector<float>.Count, with a scalar tail: every length exercises both.
        foreach (var length in new[] { 1, 3, 7, 8, 9, 16, 17, 384 })
        {
            var (a, b) = (Enumerable.Range(0, length).Select(i => (float)Math.Sin(i)).ToArray(), Enumerable.Range(0, length).Select(i => (float)Math.Cos(i * 0.5)).ToArray());
            var expected = a.Zip(b, (x, y) => (double)x * y).Sum();
            Assert.Equal(expected, PaperIndex.Dot(a, b), 4);
        }
    }

    [Fact]
    public void A_vector_in_bytes_scores_a_query_as_its_exact_vector_does_within_rounding()
    {
        // Sixteen dimensions an instruction, then a scalar tail: 1 and 15 are tail only, 16 and 384 none, 17 both.
        var random = new Random(11);
        foreach (var length in new[] { 1, 15, 16, 17, 384 })
        {
            var bytes = new ByteVectors(length);
            var vectors = Enumerable.Range(0, 50).Select(_ => Unit(RandomVector(random, length))).ToList();
            for (var slot = 0; slot < vectors.Count; slot++)
            {
                bytes.Write(slot, vectors[slot]);
            }
            var query = Unit(RandomVector(random, length));
            var queryUnit = query.Max(MathF.Abs) / short.MaxValue; // a score is in the query's units

            for (var slot = 0; slot < vectors.Count; slot++)
            {
                Assert.Equal(PaperIndex.Dot(query, vectors[slot]), bytes.Score(ByteVectors.Query(query), slot) * queryUnit, 0.01f);
            }
        }
    }

    [Fact]
    public void Papers_crowding_into_one_region_after_training_show_in_the_regions_balance()
    {
        var index = new PaperIndex(dimensions: 16, exactUpTo: 1_000, regions: 16);
        var random = new Random(7);
        for (var i = 0; i < 1_000; i++)
        {
            index.Add($"p{i}", "", Unit(RandomVector(random, 16)));
        }
        Assert.Null(index.LargestRegionToMean); // exact: no regions yet
        index.Add("p1000", "", Unit(RandomVector(random, 16)));
        var trained = index.LargestRegionToMean!.Value;

        var crowded = Unit(RandomVector(random, 16));
        for (var i = 0; i < 3_000; i++)
        {
            index.Add($"c{i}", "", crowded); // one topic, after the regions were trained
        }

        Assert.InRange(trained, 1.0, 4.0);
        Assert.True(index.LargestRegionToMean > 8, $"the fullest region holds {index.LargestRegionToMean:0.0}× the mean");
    }

    [Fact]
    public void Bytes_take_the_most_dimensions_a_score_can_sum_and_refuse_one_more()
    {
        // A flat vector puts every component at the largest value: the largest sum a score can reach.
        var flat = Unit([.. Enumerable.Repeat(1f, ByteVectors.MostDimensions)]);
        var bytes = new ByteVectors(ByteVectors.MostDimensions);
        bytes.Write(0, flat);

        var queryUnit = flat.Max() / short.MaxValue;
        Assert.Equal(1f, bytes.Score(ByteVectors.Query(flat), 0) * queryUnit, 0.001f); // no overflow
        Assert.Throws<ArgumentOutOfRangeException>(() => new ByteVectors(ByteVectors.MostDimensions + 1));
    }

    [Fact]
    public void Past_the_exact_size_asking_to_rank_fewer_exactly_than_wanted_still_gives_all_wanted()
    {
        var index = new PaperIndex(dimensions: 16, exactUpTo: 100, shortlist: 200, regions: 4, probes: 4);
        var random = new Random(9);
        for (var i = 0; i < 500; i++)
        {
            index.Add($"p{i}", "", Unit(RandomVector(random, 16)));
        }

        Assert.Equal(10, index.Nearest(Unit(RandomVector(random, 16)), 10, rankedExactly: 1).Count);
    }

    [Fact]
    public void A_query_of_another_length_is_refused()
    {
        var index = new PaperIndex(dimensions: 3);
        index.Add("a", "A", Unit(1, 0, 0));

        Assert.Throws<ArgumentException>(() => index.Nearest(Unit(1, 0), 1));
    }

    private static float[] RandomVector(Random random, int dimensions) => [.. Enumerable.Range(0, dimensions).Select(_ => (float)random.NextDouble() - 0.5f)];

    private static float[] Unit(params float[] values)
    {
        var length = MathF.Sqrt(values.Sum(value => value * value));
        return [.. values.Select(value => value / length)];
    }
}
