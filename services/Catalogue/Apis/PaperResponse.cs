using System.Text.Json.Serialization;
using PapersPlatform.Catalogue.Listings;
using PapersPlatform.Catalogue.Model;

namespace PapersPlatform.Catalogue.Apis;

/// <summary>
/// A paper as the public API shows it (docs/papers.md), plus the search highlight when there is
/// one, and, for a signed-in caller, whether they upvoted it.
/// </summary>
public sealed record PaperResponse(
    string ArxivId,
    string Title,
    string Abstract,
    IReadOnlyList<string> Authors,
    string? Organization,
    DateTimeOffset PublishedAt,
    DateTimeOffset SubmittedAt,
    string SubmittedBy,
    int Upvotes,
    string? CodeUrl,
    string? ProjectUrl,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Highlight? Highlight = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Upvoted = null)
{
    public static PaperResponse From(Paper paper, Highlight? highlight = null, bool? upvoted = null) =>
        new(paper.ArxivId, paper.Title, paper.Abstract, paper.Authors, paper.Organization, paper.PublishedAt,
            paper.SubmittedAt, paper.SubmittedBy, paper.Upvotes, paper.CodeUrl, paper.ProjectUrl, highlight, upvoted);
}

/// <param name="SearchMode">For a search: "hybrid" (keyword and meaning) or "keyword", how it was ranked.</param>
/// <param name="MeaningUnavailable">True when a hybrid search was answered by keyword alone: search by meaning did not answer in time.</param>
public sealed record PaperPage(
    IReadOnlyList<PaperResponse> Items,
    string? NextCursor,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SearchMode = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool MeaningUnavailable = false)
{
    /// <param name="upvotedByCaller">The listed papers the caller upvoted; null for an anonymous caller.</param>
    public static PaperPage From(ListingPage page, IReadOnlySet<string>? upvotedByCaller) =>
        new([.. page.Items.Select(item => PaperResponse.From(item.Paper, item.Highlight, upvotedByCaller?.Contains(item.Paper.ArxivId)))], page.Next?.Encode(),
            page.SearchMode, page.MeaningUnavailable);
}
