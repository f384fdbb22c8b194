using PapersPlatform.Ingestion.Apis;

namespace PapersPlatform.Ingestion.Import;

/// <summary>One paper read from an import file: its position (1-based line or entry), and either the request or why it could not be read.</summary>
public sealed record ImportItem(int Number, SubmitPaperRequest? Request, string? ReadError);
