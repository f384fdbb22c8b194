namespace PapersPlatform.Notification.Model;

/// <summary>Something a user is told about in the app.</summary>
public sealed class UserNotification
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Recipient { get; init; }
    public required string Kind { get; init; }
    public required string ArxivId { get; init; }
    public required string Title { get; init; }
    public required string Message { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public bool Read { get; set; }
    /// <summary>The event it was made from: one notification per event per recipient.</summary>
    public Guid SourceMessageId { get; init; }
}

public static class NotificationKinds
{
    public const string Upvote = "upvote";
    public const string Keyword = "keyword";
    public const string Trending = "trending";
}
