namespace PapersPlatform.Notification.Model;

/// <summary>
/// A recipient's change counter. Every write to a recipient's notifications takes the next value
/// under this row's lock, so the values commit in order: a stream that has sent value n never
/// sees a smaller value appear later, and <c>Last-Event-ID</c> is a safe place to resume from.
/// </summary>
public sealed class NotificationStream
{
    public required string Recipient { get; init; }
    public long LastSequence { get; set; }
}
