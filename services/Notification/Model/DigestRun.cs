namespace PapersPlatform.Notification.Model;

/// <summary>
/// One digest period of one frequency. Its unique key is what makes a period's digest go out once:
/// whichever instance inserts the run also queues its mails, in the same transaction. The papers
/// are fixed when the run is made, so a mail retried later says what the others said.
/// </summary>
public sealed class DigestRun
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Frequency { get; init; }
    public DateTimeOffset PeriodStart { get; init; }
    public DateTimeOffset PeriodEnd { get; init; }
    public required List<DigestEntry> Papers { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

public sealed record DigestEntry(string ArxivId, string Title, IReadOnlyList<string> Authors);
