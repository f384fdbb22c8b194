namespace PapersPlatform.Catalogue.Apis;

/// <summary>
/// The paper a vote route names: "{arxivId}/upvote", or, for an old-style id that holds a slash
/// (hep-th/9901001), "{archive}/{number}/upvote". A catch-all cannot be followed by "/upvote", so
/// both patterns map to one handler that reads its id from here.
/// </summary>
public readonly record struct PaperRoute(string? ArxivId, string? Archive, string? Number)
{
    public string Id => ArxivId ?? $"{Archive}/{Number}";
}
