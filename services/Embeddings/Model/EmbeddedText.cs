namespace PapersPlatform.Embeddings.Model;

/// <summary>
/// The text a paper is embedded from. The model reads at most 256 word pieces and attends to all
/// of them, so a long abstract costs time for words that barely move the vector: the title and
/// the abstract's first sentences say what a paper is about (docs/search.md, "What is embedded").
/// </summary>
public static class EmbeddedText
{
    /// <summary>Characters of the abstract kept: about its first 120 word pieces.</summary>
    public const int AbstractCharacters = 600;

    public static string Of(string title, string @abstract)
    {
        var start = @abstract.Length <= AbstractCharacters ? @abstract : CutAtWord(@abstract, AbstractCharacters);
        return $"{title.Trim()}. {start.Trim()}";
    }

    private static string CutAtWord(string text, int length)
    {
        var space = text.LastIndexOf(' ', length);
        return text[..(space > 0 ? space : length)];
    }
}
