using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Messaging.Outbox;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Messaging;

/// <summary>Published once by every instance at start-up to an exchange no queue is bound to: RabbitMQ drops it.</summary>
public sealed record StartupWarmupPing(string Service);

/// <summary>
/// Does once at start-up what the first message of a service would otherwise pay for: EF Core
/// compiles its query, insert and bulk-update pipelines (on the inbox and the outbox, in a
/// transaction that is rolled back), and MassTransit opens its publish channel with confirms (a
/// ping nobody receives). A fresh process otherwise answered the first submission after 1.6 s and
/// showed it after 4 s (docs/performance.md). The service reports ready once this is done; a
/// warm-up that fails is logged and changes nothing else.
/// </summary>
internal sealed partial class StartupWarmup<TContext>(
    IServiceScopeFactory scopes, IBus bus, StartupWarmupState state, TimeProvider clock, ILogger<StartupWarmup<TContext>> logger)
    : BackgroundService where TContext : DbContext
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(Budget);
        try
        {
            await Task.WhenAll(WarmDatabaseAsync(timeout.Token), bus.Publish(new StartupWarmupPing(typeof(TContext).Name), timeout.Token));
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            LogWarmupFailed(logger, exception);
        }
        finally
        {
            state.Done();
        }
    }

    private async Task WarmDatabaseAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Guid[] none = [Guid.Empty];
        await db.Set<InboxMessage>().Where(message => none.Contains(message.MessageId)).ToListAsync(cancellationToken);
        // By the primary key: a scan of a fortnight's inbox would delay readiness.
        await db.Set<InboxMessage>().AnyAsync(message => message.MessageId == Guid.Empty && message.Consumer == nameof(StartupWarmup<TContext>), cancellationToken);
        await db.LockKeysAsync(nameof(StartupWarmup<TContext>), [nameof(StartupWarmup<TContext>)], cancellationToken);
        db.AddOutboxMessage(new StartupWarmupPing(typeof(TContext).Name), clock);
        await db.SaveChangesAsync(cancellationToken);
        await db.Set<OutboxMessage>().Where(message => message.Id < 0)
            .ExecuteUpdateAsync(setters => setters.SetProperty(message => message.SentAt, clock.GetUtcNow()), cancellationToken);
        await transaction.RollbackAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Start-up warm-up failed; the first messages will be slower")]
    private static partial void LogWarmupFailed(ILogger logger, Exception exception);
}
