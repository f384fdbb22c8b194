using Microsoft.EntityFrameworkCore;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.Notification.Mail;
using PapersPlatform.Notification.Model;
using PapersPlatform.Testing;

namespace PapersPlatform.Notification.Tests;

/// <summary>
/// The mail queue's leases against the run's real PostgreSQL, in a database of their own (so no
/// running notification service takes these mails, and these senders take none of theirs), with
/// two senders and a clock the test moves.
/// </summary>
public sealed class MailQueueTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly MailOptions Options = new() { MaxAttempts = 3, RetryDelay = TimeSpan.FromSeconds(30) };
    private ScratchDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await ScratchDatabase.CreateAsync("mail_queue_test");
        await using var db = CreateContext();
        await db.Database.MigrateAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task LeaseRunsOut_TheFirstSenderCanNeitherMarkSentNorPostpone_TheSecondsLeaseHolds()
    {
        var mailId = await QueueMailAsync();
        await using var db = CreateContext();

        var first = await db.ClaimDueAsync(T0, Lease, batchSize: 10, Options.MaxAttempts, default);
        var second = await db.ClaimDueAsync(T0 + Lease + TimeSpan.FromSeconds(1), Lease, batchSize: 10, Options.MaxAttempts, default);

        Assert.Equal([mailId], first.Mails.Select(mail => mail.Id));
        Assert.Equal([mailId], second.Mails.Select(mail => mail.Id));
        Assert.False(await db.MarkSentAsync(mailId, first.Token, T0 + Lease + TimeSpan.FromSeconds(2), default));
        await db.PostponeAsync([mailId], first.Token, "late failure of the first sender", T0 + Lease + TimeSpan.FromSeconds(3), Options, default);
        var meanwhile = await db.Mails.AsNoTracking().SingleAsync(mail => mail.Id == mailId);
        Assert.Equal(second.Token, meanwhile.LeaseToken);
        Assert.Equal(second.Until, meanwhile.LeasedUntil);
        Assert.Null(meanwhile.LastError);
        Assert.True(await db.MarkSentAsync(mailId, second.Token, T0 + Lease + TimeSpan.FromSeconds(4), default));
        Assert.NotNull((await db.Mails.AsNoTracking().SingleAsync(mail => mail.Id == mailId)).SentAt);
    }

    [Fact]
    public async Task MailWhoseEveryAttemptWasLeasedAndNeverSettled_IsAbandoned_NotLeasedAgain()
    {
        var mailId = await QueueMailAsync();
        await using var db = CreateContext();
        var now = T0;
        for (var attempt = 0; attempt < Options.MaxAttempts; attempt++)
        {
            // Each time the sender dies (or fails where it cannot record it) and the lease runs out.
            Assert.Single((await db.ClaimDueAsync(now, Lease, 10, Options.MaxAttempts, default)).Mails);
            now += Lease + TimeSpan.FromSeconds(1);
        }

        Assert.Empty((await db.ClaimDueAsync(now, Lease, 10, Options.MaxAttempts, default)).Mails);
        Assert.Equal(1, await db.AbandonExhaustedAsync(now, Options.MaxAttempts, default));
        Assert.NotNull((await db.Mails.AsNoTracking().SingleAsync(mail => mail.Id == mailId)).AbandonedAt);
    }

    [Fact]
    public async Task Renew_ByTheHolder_KeepsTheMailFromOthers_AfterItPassedOn_Fails()
    {
        var mailId = await QueueMailAsync();
        await using var db = CreateContext();
        var first = await db.ClaimDueAsync(T0, Lease, 10, Options.MaxAttempts, default);

        Assert.True(await db.RenewAsync([mailId], first.Token, T0 + 2 * Lease, default));
        Assert.Empty((await db.ClaimDueAsync(T0 + Lease + TimeSpan.FromSeconds(1), Lease, 10, Options.MaxAttempts, default)).Mails);
        var second = await db.ClaimDueAsync(T0 + 2 * Lease + TimeSpan.FromSeconds(1), Lease, 10, Options.MaxAttempts, default);
        Assert.Single(second.Mails);
        Assert.False(await db.RenewAsync([mailId], first.Token, T0 + 3 * Lease, default));
    }

    [Fact]
    public async Task ReleasedMails_DoNotLoseAnAttempt_AndAreFreeForTheNextSender()
    {
        var mailId = await QueueMailAsync();
        await using var db = CreateContext();
        var lease = await db.ClaimDueAsync(T0, Lease, 10, Options.MaxAttempts, default);

        await db.ReleaseAsync([mailId], lease.Token, default);

        var again = await db.ClaimDueAsync(T0 + TimeSpan.FromSeconds(1), Lease, 10, Options.MaxAttempts, default);
        Assert.Equal(1, Assert.Single(again.Mails).Attempts);
    }

    private async Task<Guid> QueueMailAsync()
    {
        await using var db = CreateContext();
        var mail = new OutgoingMail { UserName = "ada", Address = "ada@example.com", Kind = MailKinds.KeywordAlert, CreatedAt = T0, DueAt = T0 - TimeSpan.FromMinutes(1) };
        db.Mails.Add(mail);
        await db.SaveChangesAsync();
        return mail.Id;
    }

    private NotificationDbContext CreateContext() => NotificationDatabase.CreateContext(_database.ConnectionString);
}
