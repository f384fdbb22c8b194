namespace PapersPlatform.Ingestion.Import;

/// <summary>What an import did with each item: stored, already known, or refused (with the first problems spelled out).</summary>
public sealed record ImportReport(int Received, int Accepted, int Duplicates, int Invalid, IReadOnlyList<ImportProblem> Problems);

/// <summary>Why item <paramref name="Item"/> (1-based line or entry) was refused, per field as in a 400.</summary>
public sealed record ImportProblem(int Item, string? ArxivId, IReadOnlyDictionary<string, string[]> Errors);
