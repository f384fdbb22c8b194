namespace PapersPlatform.Contracts;

/// <summary>A submitted paper passed validation and is now part of the platform.</summary>
public sealed record PaperPublished(
    string ArxivId,
    string Title,
    string Abstract,
    IReadOnlyList<string> Authors,
    string? Organization,
    DateTimeOffset PublishedAt,
    DateTimeOffset SubmittedAt,
    string SubmittedBy,
    string? CodeUrl,
    string? ProjectUrl);
