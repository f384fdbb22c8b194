using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Notification.Notifications;

namespace PapersPlatform.Notification.Infrastructure;

internal static class NotificationDbContextExtensions
{
    /// <summary>What the consumers of one paper (its publication, its scores) lock.</summary>
    public const string PaperLockScope = "notification-paper";

    /// <summary>Serialises the consumers of one paper until the transaction ends.</summary>
    public static Task LockPaperAsync(this NotificationDbContext db, string arxivId, CancellationToken cancellationToken) =>
        db.LockKeyAsync(PaperLockScope, arxivId, cancellationToken);

    /// <summary>Serialises the consumers of one upvote group (its upvotes and withdrawals) until the transaction ends.</summary>
    public static Task LockGroupAsync(this NotificationDbContext db, UpvoteGroup group, CancellationToken cancellationToken) =>
        db.LockKeyAsync("notification-upvotes", group.Key, cancellationToken);
}
