using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PapersPlatform.Messaging.Outbox;

/// <summary>
/// Notifies the relay after a committed transaction that wrote outbox rows, the ones SaveChanges
/// opens itself and the explicit ones alike. A commit without outbox rows (most consumers') does
/// not wake it: each wake-up costs the relay a claim query and its transaction.
/// </summary>
internal sealed class OutboxCommitInterceptor(OutboxSignal signal) : IDbTransactionInterceptor, ISaveChangesInterceptor
{
    // The contexts whose current transaction has saved outbox rows; weak, so a context never lives longer for it.
    private readonly ConditionalWeakTable<DbContext, object> _pending = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        NoteAddedOutboxRows(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        NoteAddedOutboxRows(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => NotifyIfPending(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        NotifyIfPending(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void NoteAddedOutboxRows(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries<OutboxMessage>().Any(entry => entry.State == EntityState.Added))
        {
            NoteOutboxRows(context);
        }
    }

    /// <summary>The context's current transaction has written outbox rows (by SaveChanges, or by <see cref="OutboxCopy"/>).</summary>
    public void NoteOutboxRows(DbContext context) => _pending.AddOrUpdate(context, this);

    private void NotifyIfPending(DbContext? context)
    {
        if (context is not null && _pending.Remove(context))
        {
            signal.Pulse();
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }
}
