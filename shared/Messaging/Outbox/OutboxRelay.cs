using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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
    IOptions<MessagingOptions> options,
    ILogger<OutboxRelay<TContext>> logger) : BackgroundService where TContext : DbContext
{
    private const int BatchSize = 100;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FailureDelay = TimeSpan.FromSeconds(2);
    // A publish the broker never confirms (a connection lost mid-flight) must not stall the relay.
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

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
            batch = await db.Set<OutboxMessage>().FromSqlRaw(ClaimSql(db), DateTimeOffset.UtcNow).ToListAsync(cancellationToken);
        }
        if (batch.Count == 0)
        {
            await db.Database.RollbackTransactionAsync(cancellationToken);
            return 0;
        }

        // A row that cannot be read (a contract renamed in a rolling deploy) fails alone: the rest
        // of the batch goes out, and the row backs off and is finally set aside. It is the one
        // failure that is the row's own: it would fail the same way on every instance.
        var unreadable = new List<(OutboxMessage Message, Exception Error)>();
        var readable = new List<(OutboxMessage Message, Type Type, object Body)>();
        foreach (var message in batch)
        {
            try
            {
                var type = message.ResolveType();
                readable.Add((message, type, message.Deserialize(type)));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                unreadable.Add((message, exception));
            }
        }

        // All of the batch is handed to the broker at once, in id order, and the confirms are
        // awaited together: one confirm round trip per message in turn made the relay the
        // bottleneck under load. A publish that fails is the broker's or the connection's trouble,
        // not the row's: it stays unsent, uncounted, and goes out with a later batch.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PublishTimeout);
        var outcomes = await Task.WhenAll(readable.Select(row => TryPublishAsync(row.Message, row.Type, row.Body, timeout.Token)));
        cancellationToken.ThrowIfCancellationRequested();
        var results = readable.Zip(outcomes, (row, error) => (row.Message, Error: error)).ToList();
        var sent = results.Where(result => result.Error is null).Select(result => result.Message).ToList();
        var unpublished = results.Where(result => result.Error is not null).Select(result => result.Error!).ToList();
        if (unpublished.Count > 0 && sent.Count == 0 && unreadable.Count == 0)
        {
            throw new AggregateException("No outbox message of the batch could be published.", unpublished);
        }
        if (unpublished.Count > 0)
        {
            LogPartlyPublished(logger, unpublished.Count, readable.Count, unpublished[0]);
        }

        var now = DateTimeOffset.UtcNow;
        foreach (var (message, error) in unreadable)
        {
            RecordFailure(message, error, now);
        }
        // One statement marks the batch sent (a bulk import's rows leave 100 at a time); the failures' rows
        // are the change tracker's.
        var sentIds = sent.Select(message => message.Id).ToList();
        if (sentIds.Count > 0)
        {
            await db.Set<OutboxMessage>().Where(message => sentIds.Contains(message.Id))
                .ExecuteUpdateAsync(setters => setters.SetProperty(message => message.SentAt, now), cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        await db.Database.CommitTransactionAsync(cancellationToken);
        foreach (var message in sent)
        {
            metrics.Delay.Record((now - message.CreatedAt).TotalSeconds);
        }
        metrics.Published.Add(sent.Count);
        return batch.Count;
    }

    private void RecordFailure(OutboxMessage message, Exception error, DateTimeOffset now)
    {
        var settings = options.Value;
        message.Attempts++;
        message.LastError = $"{error.GetType().Name}: {error.Message}" is var text && text.Length > OutboxMessage.MaxErrorLength ? text[..OutboxMessage.MaxErrorLength] : text;
        metrics.Failed.Add(1);
        if (message.Attempts >= settings.OutboxMaxAttempts)
        {
            message.SetAsideAt = now;
            metrics.SetAside.Add(1);
            LogSetAside(logger, message.Id, message.MessageType, message.Attempts, message.LastError);
            return;
        }
        var wait = Math.Min(settings.OutboxRetryDelay.TotalSeconds * Math.Pow(2, message.Attempts - 1), MaxRetryDelay.TotalSeconds);
        message.RetryAt = now + TimeSpan.FromSeconds(wait);
        LogRowFailed(logger, message.Id, message.MessageType, message.Attempts, message.LastError);
    }

    private async Task<Exception?> TryPublishAsync(OutboxMessage message, Type type, object body, CancellationToken cancellationToken)
    {
        try
        {
            await PublishAsync(message, type, body, cancellationToken);
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    private async Task PublishAsync(OutboxMessage message, Type type, object body, CancellationToken cancellationToken)
    {
        // Continue the trace of the request that wrote the row.
        ActivityContext.TryParse(message.TraceParent, message.TraceState, out var parent);
        using var activity = PlatformTelemetry.ActivitySource.StartActivity($"outbox relay {type.Name}", ActivityKind.Internal, parent);
        activity?.SetTag("messaging.message.id", message.MessageId);

        await bus.Publish(body, type, Pipe.Execute<PublishContext>(context => context.MessageId = message.MessageId), cancellationToken);
    }

    // Rows set aside, or backing off after a failure, are skipped: they never hold up the rest.
    private static string ClaimSql(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(OutboxMessage))!;
        return $$"""
            SELECT * FROM "{{entity.GetSchema()}}"."{{entity.GetTableName()}}"
            WHERE sent_at IS NULL AND set_aside_at IS NULL AND (retry_at IS NULL OR retry_at <= {0})
            ORDER BY id LIMIT {{BatchSize}}
            FOR UPDATE SKIP LOCKED
            """;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay failed; retrying")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Unpublished} of {Batch} outbox messages were not confirmed by the broker; they go out with a later batch")]
    private static partial void LogPartlyPublished(ILogger logger, int unpublished, int batch, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {Id} ({MessageType}) could not be read, attempt {Attempts}; it backs off and the rest go on: {Error}")]
    private static partial void LogRowFailed(ILogger logger, long id, string messageType, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {Id} ({MessageType}) set aside after {Attempts} attempts: {Error}. Inspect and replay with deploy/scripts/replay-dead-letters.sh --outbox")]
    private static partial void LogSetAside(ILogger logger, long id, string messageType, int attempts, string error);
}
