using PapersPlatform.Catalogue.Model;

namespace PapersPlatform.Catalogue.Apis;

/// <summary>A paper as the public API shows it (../shared/API.md).</summary>
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
    string? ProjectUrl)
{
    public static PaperResponse From(Paper paper) =>
        new(paper.ArxivId, paper.Title, paper.Abstract, paper.Authors, paper.Organization, paper.PublishedAt,
            paper.SubmittedAt, paper.SubmittedBy, paper.Upvotes, paper.CodeUrl, paper.ProjectUrl);
}

public sealed record PaperPage(IReadOnlyList<PaperResponse> Items, string? NextCursor);
