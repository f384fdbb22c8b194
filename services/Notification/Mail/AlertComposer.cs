using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.Notification.Model;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Notification.Mail;

/// <summary>
/// Gathers each user's keyword alerts that are not mailed yet into one mail, at most one per
/// <see cref="MailOptions.AlertInterval"/>: a burst of matching papers is one mail, not a flood.
/// </summary>
public sealed class AlertComposer(NotificationDbContext db, IOptions<MailOptions> options, TimeProvider clock)
{
    private const int RecipientsPerRound = 500;

    public async Task ComposeAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        List<string> waiting;
        // Asked every round by every instance: not traced, or it would bury the traces of real work.
        using (SuppressInstrumentationScope.Begin())
        {
            waiting = await db.Notifications.Where(notification => notification.MailPending)
                .Select(notification => notification.Recipient).Distinct().OrderBy(recipient => recipient).Take(RecipientsPerRound).ToListAsync(cancellationToken);
        }
        if (waiting.Count == 0)
        {
            return;
        }
        using var activity = PlatformTelemetry.ActivitySource.StartActivity("keyword alert mails");
        var since = now - options.Value.AlertInterval;
        var mailedRecently = await db.Mails
            .Where(mail => mail.Kind == MailKinds.KeywordAlert && waiting.Contains(mail.UserName) && mail.CreatedAt > since)
            .Select(mail => mail.UserName).Distinct().ToListAsync(cancellationToken);
        foreach (var recipient in waiting.Except(mailedRecently))
        {
            await ComposeForAsync(recipient, now, cancellationToken);
        }
    }

    private async Task ComposeForAsync(string recipient, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The address now: it may have changed, or been unsubscribed, since the alert was made; and only a confirmed one.
        var address = await db.Subscriptions.Where(subscription => subscription.UserName == recipient && subscription.EmailConfirmedAt != null)
            .Select(subscription => subscription.Email).SingleOrDefaultAsync(cancellationToken);
        Guid? mailId = address is null ? null : Guid.CreateVersion7();
        if (address is not null)
        {
            db.Mails.Add(new OutgoingMail { Id = mailId!.Value, UserName = recipient, Address = address, Kind = MailKinds.KeywordAlert, CreatedAt = now, DueAt = now });
            await db.SaveChangesAsync(cancellationToken);
        }
        // Row locks decide between two instances: the second finds nothing pending and rolls back.
        var taken = await db.Notifications.Where(notification => notification.Recipient == recipient && notification.MailPending)
            .ExecuteUpdateAsync(set => set
                .SetProperty(notification => notification.MailPending, false)
                .SetProperty(notification => notification.MailId, mailId), cancellationToken);
        if (taken > 0)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        db.ChangeTracker.Clear();
    }
}
