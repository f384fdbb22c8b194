using Microsoft.EntityFrameworkCore;
using PapersPlatform.Notification.Model;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Notification.Notifications;

namespace PapersPlatform.Notification.Infrastructure;

internal static class NotificationDbContextExtensions
{
    /// <summary>What the consumers of one paper (its publication, its scores) lock, until their transaction ends.</summary>
    public const string PaperLockScope = "notification-paper";

    /// <summary>
    /// Serialises the consumers of these upvote groups (their upvotes and withdrawals) until the
    /// transaction ends, in one round trip, in an order no two batches can cross.
    /// </summary>
    public static Task LockGroupsAsync(this NotificationDbContext db, IEnumerable<UpvoteGroup> groups, CancellationToken cancellationToken) =>
        db.LockKeysAsync("notification-upvotes", groups.Select(group => group.Key), cancellationToken);

    /// <summary>
    /// Locks the recipients' stream rows that exist, in name order (as <c>AddKeywordNotificationsAsync</c>
    /// takes them), until the transaction ends.
    /// </summary>
    public static Task LockStreamsAsync(this NotificationDbContext db, IEnumerable<string> recipients, CancellationToken cancellationToken)
    {
        var names = recipients.Distinct(StringComparer.Ordinal).ToArray();
        return db.Database.ExecuteSqlAsync(
            $"SELECT 1 FROM notification.notification_streams WHERE recipient = ANY({names}) ORDER BY recipient FOR UPDATE", cancellationToken);
    }
}
