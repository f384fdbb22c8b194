using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using OpenTelemetry;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.Notification.Model;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Notification.Mail;

/// <summary>
/// Sends due mails in leased batches over one SMTP connection each. A mail is marked sent the
/// moment the server took it, so a crash repeats at most the one mail in flight (with the same
/// Message-ID). When the server is unreachable the batch goes back with a doubling delay.
/// </summary>
public sealed partial class MailSender(
    NotificationDbContext db, MailRenderer renderer, IOptions<MailOptions> options, TimeProvider clock, ILogger<MailSender> logger)
{
    private MailOptions Options => options.Value;

    /// <summary>Sends until nothing is due or the SMTP server fails.</summary>
    public async Task SendDueAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            MailLease lease;
            // Asked every round by every instance: not traced, or it would bury the traces of real work.
            using (SuppressInstrumentationScope.Begin())
            {
                var abandoned = await db.AbandonExhaustedAsync(clock.GetUtcNow(), Options.MaxAttempts, cancellationToken);
                if (abandoned > 0)
                {
                    LogAbandoned(abandoned, Options.MaxAttempts);
                }
                lease = await db.ClaimDueAsync(clock.GetUtcNow(), Options.Lease, Options.BatchSize, Options.MaxAttempts, cancellationToken);
            }
            if (lease.Mails.Count == 0)
            {
                return;
            }
            using var activity = PlatformTelemetry.ActivitySource.StartActivity("send mails");
            activity?.SetTag("mails", lease.Mails.Count);
            if (!await SendAsync(lease, cancellationToken))
            {
                return;
            }
        }
    }

    /// <returns>false when the SMTP server could not be reached or dropped the connection.</returns>
    private async Task<bool> SendAsync(MailLease lease, CancellationToken cancellationToken)
    {
        var messages = await RenderAsync(lease, cancellationToken);
        var batch = lease.Mails.Where(mail => messages.ContainsKey(mail.Id)).ToList();
        if (batch.Count == 0)
        {
            return true;
        }
        using var smtp = new SmtpClient { Timeout = (int)Options.SmtpTimeout.TotalMilliseconds };
        try
        {
            await ConnectAsync(smtp, cancellationToken);
        }
        catch (Exception exception) when (IsConnectionFailure(exception))
        {
            LogSmtpUnreachable(Options.SmtpHost!, Options.SmtpPort, batch.Count, exception.Message);
            await db.PostponeAsync(batch.Select(mail => mail.Id), lease.Token, exception.Message, clock.GetUtcNow(), Options, cancellationToken);
            return false;
        }

        var leasedUntil = lease.Until;
        for (var index = 0; index < batch.Count; index++)
        {
            var mail = batch[index];
            // Never send on a lease that may end mid-send, when another instance may take the mail:
            // renew it for the mails still held first, and stop if it has passed on.
            if (clock.GetUtcNow() + Options.SendBudget > leasedUntil)
            {
                var remaining = batch.Skip(index).Select(pending => pending.Id).ToList();
                var renewedUntil = clock.GetUtcNow() + Options.Lease;
                if (!await db.RenewAsync(remaining, lease.Token, renewedUntil, cancellationToken))
                {
                    LogLeaseExpired(remaining.Count);
                    await db.ReleaseAsync(remaining, lease.Token, cancellationToken);
                    break;
                }
                leasedUntil = renewedUntil;
            }
            try
            {
                await smtp.SendAsync(messages[mail.Id], cancellationToken);
                if (!await db.MarkSentAsync(mail.Id, lease.Token, clock.GetUtcNow(), cancellationToken))
                {
                    LogLeaseLost(mail.Id);
                }
            }
            catch (SmtpCommandException exception)
            {
                // This mail was refused (a bad address, a full mailbox); the others can still go.
                LogMailRefused(mail.Id, exception.StatusCode, exception.Message);
                await db.PostponeAsync([mail.Id], lease.Token, exception.Message, clock.GetUtcNow(), Options, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException && !IsConnectionFailure(exception))
            {
                // Anything else about this one mail (an address the client library will not write,
                // say): it waits and is finally given up, and the rest of the batch goes on.
                LogMailFailed(mail.Id, exception.Message);
                await db.PostponeAsync([mail.Id], lease.Token, exception.Message, clock.GetUtcNow(), Options, cancellationToken);
            }
            catch (Exception exception) when (IsConnectionFailure(exception))
            {
                LogSmtpUnreachable(Options.SmtpHost!, Options.SmtpPort, batch.Count - index, exception.Message);
                await db.PostponeAsync(batch.Skip(index).Select(pending => pending.Id), lease.Token, exception.Message, clock.GetUtcNow(), Options, cancellationToken);
                return false;
            }
        }
        await smtp.DisconnectAsync(quit: true, cancellationToken);
        return true;
    }

    /// <summary>
    /// Renders each mail of the lease on its own: one that cannot be rendered (a bad address, data
    /// it did not expect) is postponed, and finally abandoned, without holding up the others.
    /// </summary>
    private async Task<Dictionary<Guid, MimeMessage>> RenderAsync(MailLease lease, CancellationToken cancellationToken)
    {
        var batch = lease.Mails;
        var runIds = batch.Where(mail => mail.DigestRunId.HasValue).Select(mail => mail.DigestRunId!.Value).Distinct().ToList();
        var runs = await db.DigestRuns.AsNoTracking().Where(run => runIds.Contains(run.Id)).ToDictionaryAsync(run => run.Id, cancellationToken);
        var alertIds = batch.Where(mail => mail.Kind == MailKinds.KeywordAlert).Select(mail => (Guid?)mail.Id).ToList();
        var alerts = (await db.Notifications.AsNoTracking().Where(notification => alertIds.Contains(notification.MailId))
                .OrderBy(notification => notification.Sequence).ToListAsync(cancellationToken))
            .ToLookup(notification => notification.MailId!.Value);
        var messages = new Dictionary<Guid, MimeMessage>();
        foreach (var mail in batch)
        {
            try
            {
                messages[mail.Id] = mail switch
                {
                    { DigestRunId: { } runId } => renderer.Digest(mail, runs[runId]),
                    { Kind: MailKinds.Confirmation } => renderer.Confirmation(mail),
                    _ => renderer.KeywordAlert(mail, [.. alerts[mail.Id]]),
                };
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogRenderFailed(mail.Id, exception.Message);
                await db.PostponeAsync([mail.Id], lease.Token, $"The mail could not be rendered: {exception.Message}", clock.GetUtcNow(), Options, cancellationToken);
            }
        }
        return messages;
    }

    private async Task ConnectAsync(SmtpClient smtp, CancellationToken cancellationToken)
    {
        // Nagle's algorithm held the last bytes of every mail back until the server's delayed ACK:
        // 44 ms a mail, about twenty times the cost of sending it.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(Options.SmtpHost!, Options.SmtpPort, cancellationToken);
            await smtp.ConnectAsync(socket, Options.SmtpHost!, Options.SmtpPort, SecureSocketOptions.Auto, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool IsConnectionFailure(Exception exception) =>
        exception is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException or SslHandshakeException or TimeoutException
        || (exception is OperationCanceledException && exception.InnerException is TimeoutException);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMTP server {Host}:{Port} failed ({Error}); {Mails} mails will be retried later")]
    private partial void LogSmtpUnreachable(string host, int port, int mails, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {MailId} could not be sent ({Error}); it will be retried later and finally given up")]
    private partial void LogMailFailed(Guid mailId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {MailId} could not be rendered ({Error}); it will be retried later and finally given up")]
    private partial void LogRenderFailed(Guid mailId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {MailId} went out after its lease had passed to another sender (this one stalled past its lease); the other may send it too")]
    private partial void LogLeaseLost(Guid mailId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A mail lease ran out before it could be renewed; {Mails} mails are left to whoever holds them now")]
    private partial void LogLeaseExpired(int mails);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Mails} mails were given up after {Attempts} attempts")]
    private partial void LogAbandoned(int mails, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {MailId} was refused ({Status}: {Error}); it will be retried later")]
    private partial void LogMailRefused(Guid mailId, SmtpStatusCode status, string error);
}
