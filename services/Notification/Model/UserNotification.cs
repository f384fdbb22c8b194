namespace PapersPlatform.Notification.Model;

/// <summary>Something a user is told about in the app.</summary>
public sealed class UserNotification
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Recipient { get; init; }
    public required string Kind { get; init; }
    public required string ArxivId { get; init; }
    public required string Title { get; init; }
    public required string Message { get; set; }
    /// <summary>When it was last changed: a grouped notification moves up with every event it absorbs.</summary>
    public DateTimeOffset ChangedAt { get; set; }
    public bool Read { get; set; }
    /// <summary>The event it was made from: one notification per event per recipient.</summary>
    public Guid SourceMessageId { get; init; }
    /// <summary>
    /// The recipient's own change counter, taken anew on every change: the live stream's event id
    /// and the order of the list (see <see cref="NotificationStream"/>).
    /// </summary>
    public long Sequence { get; set; }
    /// <summary>How many events it stands for (50 upvotes in an hour are one notification).</summary>
    public int Count { get; set; } = 1;
    /// <summary>Events with the same key for the same recipient become one notification.</summary>
    public string? GroupKey { get; init; }
    /// <summary>A keyword alert still to go out in the recipient's next alert e-mail.</summary>
    public bool MailPending { get; set; }
    /// <summary>The alert e-mail it went out in.</summary>
    public Guid? MailId { get; set; }
}

public static class NotificationKinds
{
    public const string Upvote = "upvote";
    public const string Keyword = "keyword";
    public const string Trending = "trending";
}
