namespace PapersPlatform.Catalogue.Listings;

/// <summary>A validated listing: which papers, in which order, from where, how many, and as of when.</summary>
public sealed record ListingRequest(
    Period? Period,
    string? Search,
    string? Organization,
    string? SubmittedBy,
    int? MinUpvotes,
    ListingSort Sort,
    int Limit,
    ListingCursor? After,
    DateTimeOffset Now)
{
    /// <summary>The moment a search's candidates are taken at: its first page's time, kept by the cursor.</summary>
    public DateTimeOffset SearchSnapshot => After is { SnapshotTicks: > 0 } cursor ? cursor.Snapshot : Now;
}
