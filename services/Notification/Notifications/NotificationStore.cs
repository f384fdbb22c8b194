using Microsoft.EntityFrameworkCore;
using PapersPlatform.Contracts;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.Notification.Keywords;
using PapersPlatform.Notification.Model;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Notification.Notifications;

/// <summary>
/// Every write of a notification goes through here, inside the consumer's inbox transaction. Each
/// write takes the recipient's next sequence (<see cref="NotificationStream"/>) and signals
/// <see cref="NotificationChanges.Channel"/>, which Postgres delivers to every instance on commit.
/// </summary>
public static class NotificationStore
{
    /// <summary>
    /// Writes a notification under the recipient's next sequence number, or, when the recipient
    /// already has one with the same <see cref="UserNotification.GroupKey"/>, replaces its count
    /// and message: 50 people upvoting in an hour are one notification that says 50 (the caller
    /// holds the group's lock and has counted its voters). A changed notification moves to the top
    /// and becomes unread again. Notifications without a group key never meet one another.
    /// </summary>
    public static async Task SaveNotificationAsync(this NotificationDbContext db, UserNotification notification, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync(ModelSql.Statement($"""
            WITH head AS (
                INSERT INTO {db.TableOf<NotificationStream>()} AS stream (recipient, last_sequence) VALUES ({notification.Recipient}, 1)
                ON CONFLICT (recipient) DO UPDATE SET last_sequence = stream.last_sequence + 1
                RETURNING last_sequence)
            INSERT INTO {db.TableOf<UserNotification>()} AS existing
                (id, recipient, kind, arxiv_id, title, message, changed_at, read, source_message_id, sequence, count, group_key, mail_pending)
            SELECT {notification.Id}, {notification.Recipient}, {notification.Kind}, {notification.ArxivId}, {notification.Title},
                   {notification.Message}, {notification.ChangedAt}, false, {notification.SourceMessageId}, head.last_sequence, {notification.Count}, {notification.GroupKey}, false
            FROM head
            ON CONFLICT (recipient, group_key) DO UPDATE SET
                count = excluded.count,
                message = excluded.message,
                changed_at = excluded.changed_at,
                read = false,
                sequence = excluded.sequence
            """), cancellationToken);
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
    /// Notifies, for each paper of a batch, every subscriber (but its submitter) with a keyword
    /// among the paper's phrases, once per paper however many of their keywords match, in one
    /// statement for the lot. The lookup is the keyword index's primary key. Every recipient's
    /// stream row is taken once, in name order, and numbers that recipient's notifications in the
    /// batch's order, so two of these (or a batch of upvotes, which locks streams in name order
    /// too) never deadlock.
    /// </summary>
    public static Task AddKeywordNotificationsAsync(
        this NotificationDbContext db, IReadOnlyList<(PaperPublished Paper, Guid MessageId)> papers, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        var ids = papers.Select(paper => paper.Paper.ArxivId).ToArray();
        var titles = papers.Select(paper => paper.Paper.Title).ToArray();
        var submitters = papers.Select(paper => paper.Paper.SubmittedBy).ToArray();
        var messageIds = papers.Select(paper => paper.MessageId).ToArray();
        var phrases = papers.Select((paper, index) => (Index: (long)index + 1, Phrases: KeywordText.Phrases(paper.Paper.Title, paper.Paper.Abstract))).ToList();
        var phrasePapers = phrases.SelectMany(paper => paper.Phrases.Select(_ => paper.Index)).ToArray();
        var phraseTexts = phrases.SelectMany(paper => paper.Phrases).ToArray();
        // One statement: EF would wrap a query in a subquery, where Postgres refuses the inserting CTEs.
        return db.Database.ExecuteSqlAsync(ModelSql.Statement($"""
            WITH batch AS (
                SELECT * FROM unnest({ids}::text[], {titles}::text[], {submitters}::text[], {messageIds}::uuid[])
                    WITH ORDINALITY AS paper(arxiv_id, title, submitted_by, source_message_id, position)),
            phrases AS (
                SELECT * FROM unnest({phrasePapers}::bigint[], {phraseTexts}::text[]) AS phrase(position, text)),
            matched AS (
                SELECT DISTINCT ON (batch.position, alert.user_name) batch.position, alert.user_name, alert.keyword
                FROM phrases
                JOIN batch ON batch.position = phrases.position
                JOIN {db.TableOf<KeywordAlert>()} alert ON alert.phrase = phrases.text
                WHERE alert.user_name <> batch.submitted_by
                ORDER BY batch.position, alert.user_name, alert.keyword),
            counts AS (
                SELECT user_name, count(*) AS notified FROM matched GROUP BY user_name),
            heads AS (
                INSERT INTO {db.TableOf<NotificationStream>()} AS stream (recipient, last_sequence)
                SELECT user_name, notified FROM counts ORDER BY user_name
                ON CONFLICT (recipient) DO UPDATE SET last_sequence = stream.last_sequence + excluded.last_sequence
                RETURNING recipient, last_sequence),
            inserted AS (
                INSERT INTO {db.TableOf<UserNotification>()}
                    (id, recipient, kind, arxiv_id, title, message, changed_at, read, source_message_id, sequence, count, mail_pending)
                SELECT gen_random_uuid(), matched.user_name, {NotificationKinds.Keyword}, batch.arxiv_id, batch.title,
                       format('New paper matching "%s": %s', matched.keyword, batch.title), {createdAt}, false,
                       batch.source_message_id,
                       heads.last_sequence - counts.notified + row_number() OVER (PARTITION BY matched.user_name ORDER BY matched.position),
                       1,
                       EXISTS (SELECT 1 FROM {db.TableOf<Subscription>()} subscription
                               WHERE subscription.user_name = matched.user_name AND subscription.email IS NOT NULL
                                 AND subscription.email_confirmed_at IS NOT NULL)
                FROM matched
                JOIN batch ON batch.position = matched.position
                JOIN counts ON counts.user_name = matched.user_name
                JOIN heads ON heads.recipient = matched.user_name
                RETURNING recipient)
            SELECT pg_notify({NotificationChanges.Channel}, recipient) FROM (SELECT DISTINCT recipient FROM inserted) AS notified
            """), cancellationToken);
    }

    private static Task SignalAsync(this NotificationDbContext db, string recipient, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({NotificationChanges.Channel}, {recipient})", cancellationToken);
}
