namespace PapersPlatform.Catalogue.Listings;

/// <summary>The orders a listing can be read in; each has an index and a keyset (see <see cref="ListingCursor"/>).</summary>
public enum ListingSort
{
    /// <summary>Most upvotes first, then newest: the default for a day, week or month.</summary>
    Upvotes,

    /// <summary>Newest submission first.</summary>
    New,

    /// <summary>Highest trending score first (the score the trending service publishes).</summary>
    Trending,

    /// <summary>Best full-text match first: a search with mode=keyword (today's ranking, exactly).</summary>
    Relevance,

    /// <summary>
    /// Best match by keyword and by meaning together (reciprocal rank fusion of the two rankings):
    /// the default when there is a search query (see <see cref="HybridRanking"/>).
    /// </summary>
    Hybrid,
}

public static class ListingSorts
{
    /// <param name="byKeywordOnly">mode=keyword: relevance is the full-text rank alone, as before hybrid search.</param>
    public static bool TryParse(string? text, bool searching, bool byKeywordOnly, out ListingSort sort)
    {
        var relevance = byKeywordOnly ? ListingSort.Relevance : ListingSort.Hybrid;
        sort = text switch
        {
            null or "" => searching ? relevance : ListingSort.Upvotes,
            "upvotes" => ListingSort.Upvotes,
            "new" => ListingSort.New,
            "trending" => ListingSort.Trending,
            "relevance" when searching => relevance,
            _ => (ListingSort)(-1),
        };
        return Enum.IsDefined(sort);
    }
}
