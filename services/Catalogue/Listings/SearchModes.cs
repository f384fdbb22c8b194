namespace PapersPlatform.Catalogue.Listings;

/// <summary>How a search ranks (the API's mode parameter and a search answer's searchMode).</summary>
public static class SearchModes
{
    /// <summary>Keyword and meaning together: the default (<see cref="HybridRanking"/>).</summary>
    public const string Hybrid = "hybrid";

    /// <summary>The full-text rank alone: phrases, exclusions and highlights, exactly as before hybrid search.</summary>
    public const string Keyword = "keyword";
}
