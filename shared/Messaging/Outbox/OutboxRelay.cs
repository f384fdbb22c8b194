using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Messaging.Outbox;

/// <summary>
/// Publishes committed outbox rows to the broker, oldest first, with publisher confirms, and marks
/// them sent in the same transaction that locked them. Rows are claimed with FOR UPDATE SKIP LOCKED, so several
/// instances of a service can relay side by side without publishing a row twice. A crash between
/// publish and commit re-publishes the row; consumers' inboxes make that harmless.
/// </summary>
internal sealed partial class OutboxRelay<TContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal signal,
    OutboxMetrics metrics,
    ILogger<OutboxRelay<TContext>> logger) : BackgroundService where TContext : DbContext
{
    private const int BatchSize = 100;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FailureDelay = TimeSpan.FromSeconds(2);
    // A publish the broker never confirms (a connection lost mid-flight) must not stall the relay.
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RelayBatchAsync(stoppingToken) == BatchSize)
                {
                    continue; // more are waiting
                }
                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Broker or database away: the rows stay unsent and are tried again.
                LogRelayFailed(logger, exception);
                await Task.Delay(FailureDelay, stoppingToken);
            }
        }
    }

    private async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();

        List<OutboxMessage> batch;
        // Polling an empty outbox every second must not flood the dashboard with traces.
        using (SuppressInstrumentationScope.Begin())
        {
            await db.Database.BeginTransactionAsync(cancellationToken);
            batch = await db.Set<OutboxMessage>().FromSqlRaw(ClaimSql(db)).ToListAsync(cancellationToken);
        }
        if (batch.Count == 0)
        {
            await db.Database.RollbackTransactionAsync(cancellationToken);
            metrics.Backlog = 0;
            return 0;
        }

        // All of the batch is handed to the broker at once, in id order, and the confirms are
        // awaited together: one confirm round trip per message in turn made the relay the
        // bottleneck under load. Any failure leaves the whole batch unsent, to be published again.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PublishTimeout);
        await Task.WhenAll(batch.Select(message => PublishAsync(message, timeout.Token)));
        var sentAt = DateTimeOffset.UtcNow;
        foreach (var message in batch)
        {
            message.SentAt = sentAt;
        }

        await db.SaveChangesAsync(cancellationToken);
        await db.Database.CommitTransactionAsync(cancellationToken);
        foreach (var message in batch)
        {
            metrics.Delay.Record((message.SentAt!.Value - message.CreatedAt).TotalSeconds);
        }
        metrics.Published.Add(batch.Count);
        return batch.Count;
    }

    private async Task PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        // Continue the trace of the request that wrote the row.
        ActivityContext.TryParse(message.TraceParent, message.TraceState, out var parent);
        var type = message.ResolveType();
        using var activity = PlatformTelemetry.ActivitySource.StartActivity($"outbox relay {type.Name}", ActivityKind.Internal, parent);
        activity?.SetTag("messaging.message.id", message.MessageId);

        await bus.Publish(message.Deserialize(type), type, Pipe.Execute<PublishContext>(context => context.MessageId = message.MessageId), cancellationToken);
    }

    private static string ClaimSql(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(OutboxMessage))!;
        return $"""
            SELECT * FROM "{entity.GetSchema()}"."{entity.GetTableName()}"
            WHERE sent_at IS NULL ORDER BY id LIMIT {BatchSize}
            FOR UPDATE SKIP LOCKED
            """;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay failed; retrying")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception);
}
