using System.Text.Json.Serialization;
using PapersPlatform.Catalogue.Listings;
using PapersPlatform.Catalogue.Model;

namespace PapersPlatform.Catalogue.Apis;

/// <summary>A paper as the public API shows it (../shared/API.md), plus the search highlight when there is one.</summary>
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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Highlight? Highlight = null)
{
    public static PaperResponse From(Paper paper, Highlight? highlight = null) =>
        new(paper.ArxivId, paper.Title, paper.Abstract, paper.Authors, paper.Organization, paper.PublishedAt,
            paper.SubmittedAt, paper.SubmittedBy, paper.Upvotes, paper.CodeUrl, paper.ProjectUrl, highlight);
}

public sealed record PaperPage(IReadOnlyList<PaperResponse> Items, string? NextCursor)
{
    public static PaperPage From(ListingPage page) =>
        new([.. page.Items.Select(item => PaperResponse.From(item.Paper, item.Highlight))], page.Next?.Encode());
}
