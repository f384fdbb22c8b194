using PapersPlatform.Contracts;

namespace PapersPlatform.Ingestion.Model;

/// <summary>A paper as it was submitted; the arXiv id (without version) is the key.</summary>
public sealed class Submission
{
    public required string ArxivId { get; init; }
    public required string Title { get; init; }
    public required string Abstract { get; init; }
    public required List<string> Authors { get; init; }
    public string? Organization { get; init; }
    public DateTimeOffset PublishedAt { get; init; }
    public DateTimeOffset SubmittedAt { get; init; }
    public required string SubmittedBy { get; init; }
    public string? CodeUrl { get; init; }
    public string? ProjectUrl { get; init; }

    /// <summary>The announcement every other service learns of the paper from.</summary>
    public PaperPublished ToPublished() =>
        new(ArxivId, Title, Abstract, Authors, Organization, PublishedAt, SubmittedAt, SubmittedBy, CodeUrl, ProjectUrl);
}
