namespace PapersPlatform.Catalogue.Model;

/// <summary>The catalogue's read model of a published paper, with its vote count.</summary>
public sealed class Paper
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
    public int Upvotes { get; set; }
}
