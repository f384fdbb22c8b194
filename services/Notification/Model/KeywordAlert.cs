namespace PapersPlatform.Notification.Model;

/// <summary>
/// One keyword of one subscription, as the index that matching reads: <see cref="Phrase"/> is the
/// keyword in the normal form of <c>KeywordText</c>, so a new paper is matched by looking its own
/// phrases up, not by scanning every subscription.
/// </summary>
public sealed class KeywordAlert
{
    public required string Phrase { get; init; }
    public required string UserName { get; init; }
    /// <summary>The keyword as the user wrote it, for the notification's text.</summary>
    public required string Keyword { get; init; }
}
