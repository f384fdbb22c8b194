namespace PapersPlatform.Catalogue.Listings;

/// <summary>A validated listing: which papers, in which order, from where, how many.</summary>
public sealed record ListingRequest(
    Period? Period,
    string? Search,
    string? Organization,
    string? SubmittedBy,
    int? MinUpvotes,
    ListingSort Sort,
    int Limit,
    ListingCursor? After);
