using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Messaging.Outbox;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Messaging;

/// <summary>Published once by every instance at start-up to an exchange no queue is bound to: RabbitMQ drops it.</summary>
public sealed record StartupWarmupPing(string Service)
{
    /// <summary>
    /// A paper for a service's warm-up of its consumers; it only ever exists in a rolled-back
    /// transaction. Its words are made up, so that no subscriber's keyword matches it and no real
    /// reader's stream row is locked for it; its submitter is a name no account can have.
    /// </summary>
    public static PaperPublished SamplePaper(TimeProvider clock) => new(
        "warm-up/0000001", "Zqwarmupzq", "Zqwarmupzq zqsamplezq.", ["Zqwarmupzq"],
        null, clock.GetUtcNow(), clock.GetUtcNow(), "start-up warm-up", null, null);
}

/// <summary>
/// A service's own first-message path (a consumer's effect), run once at start-up by
/// <see cref="StartupWarmup{TContext}"/> in a transaction that is rolled back, so that the first
/// real message does not pay for its JIT and query compilation. Registered as scoped; it must work
/// through the service's own DbContext, whose transaction is the one rolled back.
/// </summary>
public interface IStartupWarmup
{
    Task WarmUpAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Does once at start-up what the first message of a service would otherwise pay for: EF Core
/// compiles its query, insert and bulk-update pipelines (on the inbox and the outbox, in a
/// transaction that is rolled back), MassTransit opens its publish channel with confirms (a
/// ping nobody receives), and the service's own <see cref="IStartupWarmup"/>s run its consumers'
/// effects, rolled back too. A fresh process otherwise answered the first submission after 1.6 s and
/// showed it after 4 s (docs/performance.md). The service reports ready once this is done.
/// </summary>
internal sealed class StartupWarmup<TContext>(
    IServiceScopeFactory scopes, IBus bus, StartupWarmupState state, TimeProvider clock, ILogger<StartupWarmup<TContext>> logger)
    : StartupWarmupService(state, logger) where TContext : DbContext
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);

    protected override string Name => "messaging and consumers";

    protected override async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Budget);
        await Task.WhenAll(WarmDatabaseAsync(timeout.Token), bus.Publish(new StartupWarmupPing(typeof(TContext).Name), timeout.Token));
        await WarmServicePathsAsync(timeout.Token);
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

    private async Task WarmServicePathsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        foreach (var warmup in scope.ServiceProvider.GetServices<IStartupWarmup>())
        {
            // Never committed: disposing the transaction rolls it back, whether the warm-up
            // finished, failed or ran out of its budget.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                await warmup.WarmUpAsync(cancellationToken);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
