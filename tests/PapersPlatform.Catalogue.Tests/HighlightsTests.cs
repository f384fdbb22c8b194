using PapersPlatform.Catalogue.Listings;

namespace PapersPlatform.Catalogue.Tests;

public sealed class HighlightsTests
{
    [Fact]
    public void ToHtml_Markers_BecomeMarkElements()
    {
        Assert.Equal("Scaling <mark>transformers</mark> to <mark>mars</mark>", Highlights.ToHtml("Scaling \uE000transformers\uE001 to \uE000mars\uE001"));
    }

    [Fact]
    public void ToHtml_TextOfThePaper_IsEscaped()
    {
        Assert.Equal("x &lt; y &amp; <mark>z</mark> &gt; &quot;w&quot;", Highlights.ToHtml("x < y & \uE000z\uE001 > \"w\""));
    }

    [Fact]
    public void ToHtml_UnicodeText_StaysReadable()
    {
        Assert.Equal("naïve <mark>café</mark> 注意力 ∀ε", Highlights.ToHtml("naïve \uE000café\uE001 注意力 ∀ε"));
    }

    [Fact]
    public void ToHtml_NoMatch_IsJustEscapedText()
    {
        Assert.Equal("plain &lt;text&gt;", Highlights.ToHtml("plain <text>"));
    }
}
