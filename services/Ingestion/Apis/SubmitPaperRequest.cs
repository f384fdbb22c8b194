using System.ComponentModel.DataAnnotations;
using PapersPlatform.Ingestion.Model;
using PapersPlatform.Ingestion.Papers;
using PapersPlatform.ServiceDefaults.Validation;

namespace PapersPlatform.Ingestion.Apis;

/// <summary>What a client sends to submit a paper (one JSON body, or one line of an import); every rule answers with an error naming the field.</summary>
public sealed record SubmitPaperRequest(
    [Required, PlainText, ArxivId] string ArxivId,
    [Required, PlainText, StringLength(Limits.Title)] string Title,
    [Required, PlainText(allowLineBreaks: true), StringLength(Limits.Abstract)] string Abstract,
    [Required, MinLength(1), MaxLength(Limits.Authors), NonBlankItems(Limits.AuthorName), PlainText] IReadOnlyList<string> Authors,
    [PlainText, StringLength(Limits.Organization)] string? Organization,
    [Required, NotInFuture] DateTimeOffset? PublishedAt,
    [PlainText, StringLength(Limits.Url), HttpUrl] string? CodeUrl,
    [PlainText, StringLength(Limits.Url), HttpUrl] string? ProjectUrl)
{
    /// <summary>The stored submission; call only on a request that passed validation.</summary>
    public Submission ToSubmission(string submittedBy, DateTimeOffset now)
    {
        Papers.ArxivId.TryParse(ArxivId, out var arxivId); // validated already: never null here
        return new Submission
        {
            ArxivId = arxivId!.Value,
            // The search highlighter marks matches with private-use characters: text never brings its own.
            Title = PlainText.WithoutPrivateUse(Title.Trim()),
            Abstract = PlainText.WithoutPrivateUse(Abstract.Trim()),
            Authors = [.. Authors.Select(author => PlainText.WithoutPrivateUse(author.Trim()))],
            Organization = NullIfBlank(Organization) is { } organization ? PlainText.WithoutPrivateUse(organization) : null,
            PublishedAt = PublishedAt!.Value.ToUniversalTime(),
            SubmittedAt = now,
            SubmittedBy = submittedBy,
            CodeUrl = NullIfBlank(CodeUrl),
            ProjectUrl = NullIfBlank(ProjectUrl),
        };
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Field limits, generous enough for real papers (collaborations list hundreds of authors).</summary>
internal static class Limits
{
    public const int Title = 300;
    public const int Abstract = 5_000;
    public const int Authors = 1_000;
    public const int AuthorName = 200;
    public const int Organization = 200;
    public const int Url = 2_000;
}
