using Microsoft.Extensions.Options;

namespace PapersPlatform.Notification.Mail;

/// <summary>
/// Every <see cref="MailOptions.PollInterval"/>: queue the digests of periods that just ended, gather
/// keyword alerts into mails, send what is due. Every instance runs it; the database decides who
/// does what (unique digest runs, row locks on alerts, leased mails), so nothing goes out twice.
/// </summary>
internal sealed partial class MailWorker(IServiceScopeFactory scopes, IOptions<MailOptions> options, ILogger<MailWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            LogMailDisabled();
            return;
        }
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var services = scope.ServiceProvider;
                await services.GetRequiredService<DigestScheduler>().ScheduleDueAsync(stoppingToken);
                await services.GetRequiredService<AlertComposer>().ComposeAsync(stoppingToken);
                await services.GetRequiredService<MailSender>().SendDueAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may be restarting: the next round tries again, and nothing half-done was committed.
                LogRoundFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail is off: Mail:SmtpHost is not set")]
    private partial void LogMailDisabled();

    [LoggerMessage(Level = LogLevel.Error, Message = "A mail round failed; the next one retries")]
    private partial void LogRoundFailed(Exception exception);
}
