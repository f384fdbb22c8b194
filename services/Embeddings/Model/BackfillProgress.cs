namespace PapersPlatform.Embeddings.Model;

/// <summary>
/// How far the backfill has read the catalogue (one row). Papers stored before this service
/// existed are read from the catalogue's public listing, newest first, a page at a time; the
/// cursor survives a restart, and a finished backfill is not run again.
/// </summary>
public sealed class BackfillProgress
{
    public const int SingleRow = 1;

    public int Id { get; init; } = SingleRow;
    public string? Cursor { get; set; }
    public long PapersRead { get; set; }
    public long PapersAdded { get; set; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; set; }
}
