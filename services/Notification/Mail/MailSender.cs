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
            List<OutgoingMail> batch;
            // Asked every round by every instance: not traced, or it would bury the traces of real work.
            using (SuppressInstrumentationScope.Begin())
            {
                batch = await db.ClaimDueAsync(clock.GetUtcNow(), Options.Lease, Options.BatchSize, cancellationToken);
            }
            if (batch.Count == 0)
            {
                return;
            }
            using var activity = PlatformTelemetry.ActivitySource.StartActivity("send mails");
            activity?.SetTag("mails", batch.Count);
            if (!await SendAsync(batch, cancellationToken))
            {
                return;
            }
        }
    }

    /// <returns>false when the SMTP server could not be reached or dropped the connection.</returns>
    private async Task<bool> SendAsync(List<OutgoingMail> batch, CancellationToken cancellationToken)
    {
        var messages = await RenderAsync(batch, cancellationToken);
        using var smtp = new SmtpClient { Timeout = 30_000 };
        try
        {
            await ConnectAsync(smtp, cancellationToken);
        }
        catch (Exception exception) when (IsConnectionFailure(exception))
        {
            LogSmtpUnreachable(Options.SmtpHost!, Options.SmtpPort, batch.Count, exception.Message);
            await db.PostponeAsync(batch.Select(mail => mail.Id), exception.Message, clock.GetUtcNow(), Options, cancellationToken);
            return false;
        }

        for (var index = 0; index < batch.Count; index++)
        {
            var mail = batch[index];
            try
            {
                await smtp.SendAsync(messages[mail.Id], cancellationToken);
                await db.MarkSentAsync(mail.Id, clock.GetUtcNow(), cancellationToken);
            }
            catch (SmtpCommandException exception)
            {
                // This mail was refused (a bad address, a full mailbox); the others can still go.
                LogMailRefused(mail.Id, exception.StatusCode, exception.Message);
                await db.PostponeAsync([mail.Id], exception.Message, clock.GetUtcNow(), Options, cancellationToken);
            }
            catch (Exception exception) when (IsConnectionFailure(exception))
            {
                LogSmtpUnreachable(Options.SmtpHost!, Options.SmtpPort, batch.Count - index, exception.Message);
                await db.PostponeAsync(batch.Skip(index).Select(pending => pending.Id), exception.Message, clock.GetUtcNow(), Options, cancellationToken);
                return false;
            }
        }
        await smtp.DisconnectAsync(quit: true, cancellationToken);
        return true;
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

    private async Task<Dictionary<Guid, MimeMessage>> RenderAsync(List<OutgoingMail> batch, CancellationToken cancellationToken)
    {
        var runIds = batch.Where(mail => mail.DigestRunId.HasValue).Select(mail => mail.DigestRunId!.Value).Distinct().ToList();
        var runs = await db.DigestRuns.AsNoTracking().Where(run => runIds.Contains(run.Id)).ToDictionaryAsync(run => run.Id, cancellationToken);
        var alertIds = batch.Where(mail => mail.Kind == MailKinds.KeywordAlert).Select(mail => (Guid?)mail.Id).ToList();
        var alerts = (await db.Notifications.AsNoTracking().Where(notification => alertIds.Contains(notification.MailId))
                .OrderBy(notification => notification.Sequence).ToListAsync(cancellationToken))
            .ToLookup(notification => notification.MailId!.Value);
        return batch.ToDictionary(mail => mail.Id, mail => mail.DigestRunId is { } runId
            ? renderer.Digest(mail, runs[runId])
            : renderer.KeywordAlert(mail, [.. alerts[mail.Id]]));
    }

    private static bool IsConnectionFailure(Exception exception) =>
        exception is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException or SslHandshakeException or TimeoutException
        || (exception is OperationCanceledException && exception.InnerException is TimeoutException);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMTP server {Host}:{Port} failed ({Error}); {Mails} mails will be retried later")]
    private partial void LogSmtpUnreachable(string host, int port, int mails, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {MailId} was refused ({Status}: {Error}); it will be retried later")]
    private partial void LogMailRefused(Guid mailId, SmtpStatusCode status, string error);
}
