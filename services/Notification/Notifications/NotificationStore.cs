using Microsoft.EntityFrameworkCore;
using PapersPlatform.Contracts;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.Notification.Keywords;
using PapersPlatform.Notification.Model;

namespace PapersPlatform.Notification.Notifications;

/// <summary>
/// Every write of a notification goes through here, inside the consumer's inbox transaction. Each
/// write takes the recipient's next sequence (<see cref="NotificationStream"/>) and signals
/// <see cref="NotificationChanges.Channel"/>, which Postgres delivers to every instance on commit.
/// </summary>
public static class NotificationStore
{
    /// <summary>Adds one notification for one recipient.</summary>
    public static async Task AddNotificationAsync(this NotificationDbContext db, UserNotification notification, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"""
            WITH head AS (
                INSERT INTO notification.notification_streams AS stream (recipient, last_sequence) VALUES ({notification.Recipient}, 1)
                ON CONFLICT (recipient) DO UPDATE SET last_sequence = stream.last_sequence + 1
                RETURNING last_sequence)
            INSERT INTO notification.notifications
                (id, recipient, kind, arxiv_id, title, message, created_at, read, source_message_id, sequence, count, mail_pending)
            SELECT {notification.Id}, {notification.Recipient}, {notification.Kind}, {notification.ArxivId}, {notification.Title},
                   {notification.Message}, {notification.CreatedAt}, false, {notification.SourceMessageId}, head.last_sequence, 1, false
            FROM head
            """, cancellationToken);
        await db.SignalAsync(notification.Recipient, cancellationToken);
    }

    /// <summary>
    /// Writes the recipient's notification for one upvote group with the group's current count and
    /// message, or starts it: 50 people upvoting in an hour are one notification that says 50. The
    /// caller holds the group's lock and has counted its voters. The notification moves to the top
    /// and becomes unread again.
    /// </summary>
    public static async Task SaveUpvoteNotificationAsync(this NotificationDbContext db, UserNotification notification, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"""
            WITH head AS (
                INSERT INTO notification.notification_streams AS stream (recipient, last_sequence) VALUES ({notification.Recipient}, 1)
                ON CONFLICT (recipient) DO UPDATE SET last_sequence = stream.last_sequence + 1
                RETURNING last_sequence)
            INSERT INTO notification.notifications AS existing
                (id, recipient, kind, arxiv_id, title, message, created_at, read, source_message_id, sequence, count, group_key, mail_pending)
            SELECT {notification.Id}, {notification.Recipient}, {notification.Kind}, {notification.ArxivId}, {notification.Title},
                   {notification.Message}, {notification.CreatedAt}, false, {notification.SourceMessageId}, head.last_sequence, {notification.Count}, {notification.GroupKey}, false
            FROM head
            ON CONFLICT (recipient, group_key) DO UPDATE SET
                count = excluded.count,
                message = excluded.message,
                created_at = excluded.created_at,
                read = false,
                sequence = excluded.sequence
            """, cancellationToken);
        await db.SignalAsync(notification.Recipient, cancellationToken);
    }

    /// <summary>
    /// The group's current voters, each once, most recent first; the caller holds the group's lock.
    /// (A re-vote can arrive before the withdrawal of the vote it replaces: one person, two rows.)
    /// </summary>
    public static async Task<List<string>> CurrentVotersAsync(this NotificationDbContext db, UpvoteGroup group, CancellationToken cancellationToken) =>
        [.. (await db.ReceivedUpvotes
            .Where(vote => vote.ArxivId == group.ArxivId && vote.VotedAt >= group.HourStart && vote.VotedAt < group.HourEnd
                && vote.WithdrawnAt == null)
            .OrderByDescending(vote => vote.VotedAt)
            .Select(vote => vote.Voter)
            .ToListAsync(cancellationToken)).Distinct()];

    /// <summary>
    /// Notifies every subscriber (but the submitter) with a keyword among the paper's phrases,
    /// once each, however many of their keywords match. The lookup is the keyword index's primary
    /// key; recipients take their sequences in name order, so two of these never deadlock.
    /// </summary>
    /// <returns>How many were notified.</returns>
    public static async Task<int> AddKeywordNotificationsAsync(
        this NotificationDbContext db, PaperPublished paper, Guid sourceMessageId, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        var phraseArray = KeywordText.Phrases(paper.Title, paper.Abstract).ToArray();
        // One statement: EF would wrap a query in a subquery, where Postgres refuses the inserting CTE.
        var notified = await db.Database.ExecuteSqlAsync($"""
            WITH matched AS (
                SELECT DISTINCT ON (alert.user_name) alert.user_name, alert.keyword
                FROM notification.keyword_alerts alert
                WHERE alert.phrase = ANY({phraseArray}) AND alert.user_name <> {paper.SubmittedBy}
                ORDER BY alert.user_name, alert.keyword),
            heads AS (
                INSERT INTO notification.notification_streams AS stream (recipient, last_sequence)
                SELECT user_name, 1 FROM matched ORDER BY user_name
                ON CONFLICT (recipient) DO UPDATE SET last_sequence = stream.last_sequence + 1
                RETURNING recipient, last_sequence)
            INSERT INTO notification.notifications
                (id, recipient, kind, arxiv_id, title, message, created_at, read, source_message_id, sequence, count, mail_pending)
            SELECT gen_random_uuid(), matched.user_name, {NotificationKinds.Keyword}, {paper.ArxivId}, {paper.Title},
                   format('New paper matching "%s": %s', matched.keyword, {paper.Title}::text), {createdAt}, false,
                   {sourceMessageId}, heads.last_sequence, 1,
                   EXISTS (SELECT 1 FROM notification.subscriptions subscription
                           WHERE subscription.user_name = matched.user_name AND subscription.email IS NOT NULL
                             AND subscription.email_confirmed_at IS NOT NULL)
            FROM matched JOIN heads ON heads.recipient = matched.user_name
            """, cancellationToken);
        if (notified > 0)
        {
            await db.Database.ExecuteSqlAsync($"""
                SELECT pg_notify({NotificationChanges.Channel}, recipient) FROM notification.notifications
                WHERE source_message_id = {sourceMessageId} AND kind = {NotificationKinds.Keyword}
                """, cancellationToken);
        }
        return notified;
    }

    private static Task SignalAsync(this NotificationDbContext db, string recipient, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({NotificationChanges.Channel}, {recipient})", cancellationToken);
}
