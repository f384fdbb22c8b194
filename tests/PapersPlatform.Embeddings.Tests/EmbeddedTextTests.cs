using PapersPlatform.Embeddings.Model;

namespace PapersPlatform.Embeddings.Tests;

public sealed class EmbeddedTextTests
{
    [Fact]
    public void A_short_abstract_is_kept_whole_after_the_title()
    {
        Assert.Equal("Flow matching. We learn a vector field.", EmbeddedText.Of(" Flow matching ", "We learn a vector field."));
    }

    [Fact]
    public void A_long_abstract_is_cut_at_a_word_near_its_start()
    {
        var words = string.Join(' ', Enumerable.Range(0, 400).Select(i => $"word{i}"));

        var text = EmbeddedText.Of("Title", words);

        Assert.StartsWith("Title. word0 word1", text, StringComparison.Ordinal);
        Assert.InRange(text.Length, EmbeddedText.AbstractCharacters - 10, EmbeddedText.AbstractCharacters + 10);
        Assert.Matches(@"word\d+$", text);
    }
}
