using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Messaging.Outbox;

namespace PapersPlatform.Messaging;

/// <summary>
/// On a schedule: deletes published outbox rows and old inbox rows past their retention, and
/// measures the outbox backlog for the metric. Safe with several instances (plain deletes).
/// </summary>
internal sealed partial class MessagingMaintenance<TContext>(
    IServiceScopeFactory scopes,
    IOptions<MessagingOptions> options,
    OutboxMetrics metrics,
    TimeProvider clock,
    ILogger<MessagingMaintenance<TContext>> logger) : BackgroundService where TContext : DbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.MaintenanceInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogMaintenanceFailed(logger, exception);
            }
        }
    }

    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        using var _ = SuppressInstrumentationScope.Begin();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var now = clock.GetUtcNow();

        var sentBefore = now - options.Value.OutboxRetention;
        await db.Set<OutboxMessage>().Where(message => message.SentAt < sentBefore).ExecuteDeleteAsync(cancellationToken);
        var processedBefore = now - options.Value.InboxRetention;
        await db.Set<InboxMessage>().Where(message => message.ProcessedAt < processedBefore).ExecuteDeleteAsync(cancellationToken);
        metrics.Backlog = await db.Set<OutboxMessage>().LongCountAsync(message => message.SentAt == null && message.SetAsideAt == null, cancellationToken);
        metrics.SetAsideRows = await db.Set<OutboxMessage>().LongCountAsync(message => message.SetAsideAt != null, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox/inbox maintenance failed; trying again next time")]
    private static partial void LogMaintenanceFailed(ILogger logger, Exception exception);
}
