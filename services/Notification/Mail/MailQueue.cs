using Microsoft.EntityFrameworkCore;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.Notification.Model;

namespace PapersPlatform.Notification.Mail;

/// <summary>The state changes of <see cref="OutgoingMail"/> rows, each one statement.</summary>
public static class MailQueue
{
    /// <summary>
    /// Leases up to <paramref name="batchSize"/> due mails to the caller and counts the attempt.
    /// Rows another instance is taking are skipped, not waited for.
    /// </summary>
    public static Task<List<OutgoingMail>> ClaimDueAsync(this NotificationDbContext db, DateTimeOffset now, TimeSpan lease, int batchSize, CancellationToken cancellationToken) =>
        db.Mails.FromSql($"""
            UPDATE notification.mails SET leased_until = {now + lease}, attempts = attempts + 1
            WHERE id IN (
                SELECT id FROM notification.mails
                WHERE sent_at IS NULL AND abandoned_at IS NULL AND due_at <= {now} AND (leased_until IS NULL OR leased_until < {now})
                ORDER BY due_at
                LIMIT {batchSize}
                FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);

    /// <summary>Records one mail as sent, the moment the SMTP server took it.</summary>
    public static Task MarkSentAsync(this NotificationDbContext db, Guid mailId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Mails.Where(mail => mail.Id == mailId).ExecuteUpdateAsync(set => set
            .SetProperty(mail => mail.SentAt, now)
            .SetProperty(mail => mail.LeasedUntil, (DateTimeOffset?)null), cancellationToken);

    /// <summary>
    /// Puts mails back for a later attempt: the wait doubles with each attempt, up to the maximum;
    /// a mail out of attempts is given up.
    /// </summary>
    public static Task PostponeAsync(this NotificationDbContext db, IEnumerable<Guid> mailIds, string error, DateTimeOffset now, MailOptions options, CancellationToken cancellationToken)
    {
        var ids = mailIds.ToArray();
        return db.Database.ExecuteSqlAsync($"""
            UPDATE notification.mails SET
                leased_until = NULL,
                last_error = {error},
                due_at = {now} + least({options.RetryDelay.TotalSeconds} * power(2, attempts - 1), {options.MaxRetryDelay.TotalSeconds}) * interval '1 second',
                abandoned_at = CASE WHEN attempts >= {options.MaxAttempts} THEN {now} END
            WHERE id = ANY({ids})
            """, cancellationToken);
    }
}
