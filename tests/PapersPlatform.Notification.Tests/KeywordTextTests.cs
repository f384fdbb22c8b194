using PapersPlatform.Notification.Keywords;

namespace PapersPlatform.Notification.Tests;

public sealed class KeywordTextTests
{
    [Theory]
    [InlineData("Diffusion Models", "diffusion models")]
    [InlineData("  self-supervised   LEARNING ", "self supervised learning")]
    [InlineData("Résumé Café", "resume cafe")]
    [InlineData("ﬁne-tuning", "fine tuning")]
    [InlineData("GPT-4o", "gpt 4o")]
    public void Phrase_IsLowerCaseWithoutAccentsOrPunctuation(string keyword, string phrase) =>
        Assert.Equal(phrase, KeywordText.Phrase(keyword));

    [Theory]
    [InlineData("")]
    [InlineData(" -- !! ")]
    [InlineData("one two three four five six seven eight nine")]
    public void Phrase_WithoutWordsOrTooLong_IsNull(string keyword) => Assert.Null(KeywordText.Phrase(keyword));

    [Theory]
    [InlineData("Diffusion models", "Latent DIFFUSION MODELS for images", true)]
    [InlineData("resume", "A résumé of results", true)]
    [InlineData("transform", "Transformers are all you need", false)]
    [InlineData("graph networks", "graph neural networks", false)]
    [InlineData("graph networks", "We train graph-networks.", true)]
    public void Phrases_OfAText_ContainAKeywordExactlyWhenItIsWholeWordsOfIt(string keyword, string text, bool matches) =>
        Assert.Equal(matches, KeywordText.Phrases(text).Contains(KeywordText.Phrase(keyword)!));

    [Fact]
    public void Phrases_NeverSpanTwoTexts()
    {
        var phrases = KeywordText.Phrases("A title about graphs", "Networks are studied.");
        Assert.Contains("graphs", phrases);
        Assert.Contains("networks are studied", phrases);
        Assert.DoesNotContain("graphs networks", phrases);
    }

    [Fact]
    public void Phrases_AreAtMostMaxWordsLong()
    {
        var text = string.Join(' ', Enumerable.Range(0, 20).Select(i => $"w{i}"));
        var phrases = KeywordText.Phrases(text);
        Assert.Equal(KeywordText.MaxWords, phrases.Max(phrase => phrase.Split(' ').Length));
        Assert.Equal(Enumerable.Range(0, KeywordText.MaxWords).Sum(length => 20 - length), phrases.Count);
    }
}
