using PapersPlatform.Catalogue.Listings;

namespace PapersPlatform.Catalogue.Tests;

public sealed class HybridSearchTests
{
    [Fact]
    public void The_meaning_of_a_search_is_its_words_without_exclusions_quotes_or_OR()
    {
        Assert.Equal("attention sequence transduction vaswani",
            SearchText.Meaning("attention -convolutional \"sequence transduction\" OR vaswani -\"recurrent nets\""));
        Assert.Equal("", SearchText.Meaning("-everything"));
    }

    [Fact]
    public void The_exclusions_of_a_search_are_kept_as_typed_and_none_is_null()
    {
        Assert.Equal("-convolutional -\"recurrent nets\"", SearchText.Exclusions("attention -convolutional OR x -\"recurrent nets\""));
        Assert.Null(SearchText.Exclusions("state-of-the-art attention"));
    }

    [Fact]
    public void Fusion_puts_a_paper_high_in_both_rankings_first_and_sums_one_over_sixty_plus_rank()
    {
        var fused = HybridRanking.Fuse(60, ["a", "b", "c"], ["b", "d"]);

        Assert.Equal("b", fused.MaxBy(paper => paper.Value).Key);
        Assert.Equal((float)(1.0 / 62 + 1.0 / 61), fused["b"], 6);
        Assert.Equal((float)(1.0 / 61), fused["a"], 6);
        Assert.Equal((float)(1.0 / 62), fused["d"], 6);
        Assert.Equal(4, fused.Count);
    }
}
