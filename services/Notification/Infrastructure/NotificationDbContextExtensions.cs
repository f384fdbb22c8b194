using Microsoft.EntityFrameworkCore;
using PapersPlatform.Notification.Model;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Notification.Notifications;
using PapersPlatform.ServiceDefaults;

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
    /// Takes the recipients' stream rows, in name order, until the transaction ends: existing rows
    /// are locked and missing ones created (empty, sequence 0, which reads as no notification yet).
    /// <c>AddKeywordNotificationsAsync</c> takes them in the same order in one statement; creating
    /// the missing rows here too is what keeps the two from waiting on each other, since a new
    /// row's key is locked by whoever inserts it first.
    /// </summary>
    public static Task LockStreamsAsync(this NotificationDbContext db, IEnumerable<string> recipients, CancellationToken cancellationToken)
    {
        var names = recipients.Distinct(StringComparer.Ordinal).ToArray();
        return db.Database.ExecuteSqlAsync(ModelSql.Statement($"""
            INSERT INTO {db.TableOf<NotificationStream>()} AS stream (recipient, last_sequence)
            SELECT name, 0 FROM unnest({names}::text[]) AS name ORDER BY name
            ON CONFLICT (recipient) DO UPDATE SET last_sequence = stream.last_sequence
            """), cancellationToken);
    }
}
