using Microsoft.EntityFrameworkCore;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.Notification.Model;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Notification.Mail;

/// <summary>A sender's hold on a batch of mails: until <see cref="Until"/>, and only while <see cref="Token"/> is theirs.</summary>
public sealed record MailLease(Guid Token, DateTimeOffset Until, IReadOnlyList<OutgoingMail> Mails);

/// <summary>The state changes of <see cref="OutgoingMail"/> rows, each one statement.</summary>
public static class MailQueue
{
    /// <summary>
    /// Leases up to <paramref name="batchSize"/> due mails to the caller under a new fencing token
    /// and counts the attempt. Rows another instance is taking are skipped, not waited for.
    /// </summary>
    public static async Task<MailLease> ClaimDueAsync(this NotificationDbContext db, DateTimeOffset now, TimeSpan lease, int batchSize, int maxAttempts, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        var until = now + lease;
        var table = db.TableOf<OutgoingMail>();
        var mails = await db.Mails.FromSql(ModelSql.Statement($"""
            UPDATE {table} SET leased_until = {until}, lease_token = {token}, attempts = attempts + 1
            WHERE id IN (
                SELECT id FROM {table}
                WHERE sent_at IS NULL AND abandoned_at IS NULL AND due_at <= {now} AND (leased_until IS NULL OR leased_until < {now})
                  AND attempts < {maxAttempts}
                ORDER BY due_at
                LIMIT {batchSize}
                FOR UPDATE SKIP LOCKED)
            RETURNING *
            """)).AsNoTracking().ToListAsync(cancellationToken);
        return new MailLease(token, until, mails);
    }

    /// <summary>
    /// Gives up the mails whose every attempt was leased and never settled (their sender crashed, or
    /// failed in a way it could not record): they are not leased again.
    /// </summary>
    /// <returns>How many were given up.</returns>
    public static Task<int> AbandonExhaustedAsync(this NotificationDbContext db, DateTimeOffset now, int maxAttempts, CancellationToken cancellationToken) =>
        db.Mails
            .Where(mail => mail.SentAt == null && mail.AbandonedAt == null && mail.Attempts >= maxAttempts && (mail.LeasedUntil == null || mail.LeasedUntil < now))
            .ExecuteUpdateAsync(set => set
                .SetProperty(mail => mail.AbandonedAt, now)
                .SetProperty(mail => mail.LeasedUntil, (DateTimeOffset?)null)
                .SetProperty(mail => mail.LeaseToken, (Guid?)null)
                .SetProperty(mail => mail.LastError, mail => (mail.LastError ?? "no attempt finished") + " (out of attempts)"), cancellationToken);

    /// <summary>Records one mail as sent, the moment the SMTP server took it, if the lease is still the caller's.</summary>
    /// <returns>false when the lease had passed to another sender.</returns>
    public static async Task<bool> MarkSentAsync(this NotificationDbContext db, Guid mailId, Guid leaseToken, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Mails.Where(mail => mail.Id == mailId && mail.LeaseToken == leaseToken).ExecuteUpdateAsync(set => set
            .SetProperty(mail => mail.SentAt, now)
            .SetProperty(mail => mail.LeasedUntil, (DateTimeOffset?)null)
            .SetProperty(mail => mail.LeaseToken, (Guid?)null), cancellationToken) == 1;

    /// <summary>
    /// Puts the caller's leased mails back for a later attempt: the wait doubles with each attempt,
    /// up to the maximum; a mail out of attempts is given up. Mails whose lease passed on are left alone.
    /// </summary>
    public static Task PostponeAsync(this NotificationDbContext db, IEnumerable<Guid> mailIds, Guid leaseToken, string error, DateTimeOffset now, MailOptions options, CancellationToken cancellationToken)
    {
        var ids = mailIds.ToArray();
        return db.Database.ExecuteSqlAsync(ModelSql.Statement($"""
            UPDATE {db.TableOf<OutgoingMail>()} SET
                leased_until = NULL,
                lease_token = NULL,
                last_error = {error},
                due_at = {now} + least({options.RetryDelay.TotalSeconds} * power(2, attempts - 1), {options.MaxRetryDelay.TotalSeconds}) * interval '1 second',
                abandoned_at = CASE WHEN attempts >= {options.MaxAttempts} THEN {now} END
            WHERE id = ANY({ids}) AND lease_token = {leaseToken}
            """), cancellationToken);
    }

    /// <summary>Extends the caller's lease on the mails it still holds, before it sends the next one.</summary>
    /// <returns>false when any of them had passed to another sender.</returns>
    public static async Task<bool> RenewAsync(this NotificationDbContext db, IReadOnlyCollection<Guid> mailIds, Guid leaseToken, DateTimeOffset until, CancellationToken cancellationToken) =>
        await db.Mails.Where(mail => mailIds.Contains(mail.Id) && mail.LeaseToken == leaseToken)
            .ExecuteUpdateAsync(set => set.SetProperty(mail => mail.LeasedUntil, until), cancellationToken) == mailIds.Count;

    /// <summary>Hands back leased mails not tried (the lease would end before they could be sent): the attempt does not count.</summary>
    public static Task ReleaseAsync(this NotificationDbContext db, IEnumerable<Guid> mailIds, Guid leaseToken, CancellationToken cancellationToken)
    {
        var ids = mailIds.ToArray();
        return db.Mails.Where(mail => ids.Contains(mail.Id) && mail.LeaseToken == leaseToken).ExecuteUpdateAsync(set => set
            .SetProperty(mail => mail.LeasedUntil, (DateTimeOffset?)null)
            .SetProperty(mail => mail.LeaseToken, (Guid?)null)
            .SetProperty(mail => mail.Attempts, mail => mail.Attempts - 1), cancellationToken);
    }
}
