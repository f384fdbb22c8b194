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

    /// <summary>Best full-text match first: the default when there is a search query.</summary>
    Relevance,
}

public static class ListingSorts
{
    public static bool TryParse(string? text, bool searching, out ListingSort sort)
    {
        sort = text switch
        {
            null or "" => searching ? ListingSort.Relevance : ListingSort.Upvotes,
            "upvotes" => ListingSort.Upvotes,
            "new" => ListingSort.New,
            "trending" => ListingSort.Trending,
            "relevance" when searching => ListingSort.Relevance,
            _ => (ListingSort)(-1),
        };
        return Enum.IsDefined(sort);
    }
}
