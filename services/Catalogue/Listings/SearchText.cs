using System.Text.RegularExpressions;

namespace PapersPlatform.Catalogue.Listings;

/// <summary>A search as people type it (websearch syntax), taken apart for the vector side.</summary>
public static partial class SearchText
{
    /// <summary>What the search is about, for the model: its words without exclusions, quotes or OR.</summary>
    public static string Meaning(string search)
    {
        var kept = Exclusion().Replace(search, " ");
        kept = kept.Replace("\"", " ", StringComparison.Ordinal);
        kept = Or().Replace(kept, " ");
        return Spaces().Replace(kept, " ").Trim();
    }

    /// <summary>Only the exclusions ("-word -\"a phrase\""), to hold for papers found by meaning too; null when there are none.</summary>
    public static string? Exclusions(string search)
    {
        var exclusions = Exclusion().Matches(search).Select(match => match.Value.Trim()).ToList();
        return exclusions.Count == 0 ? null : string.Join(' ', exclusions);
    }

    [GeneratedRegex("""(?<=^|\s)-("[^"]*"?|[^\s"]+)""")]
    private static partial Regex Exclusion();

    [GeneratedRegex(@"(?<=^|\s)OR(?=\s|$)")]
    private static partial Regex Or();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
