using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PapersPlatform.Messaging.Outbox;

/// <summary>
/// Notifies the relay after every committed transaction, the ones SaveChanges opens itself and
/// the explicit ones alike. A commit without outbox rows costs the relay one indexed look-up.
/// </summary>
internal sealed class OutboxCommitInterceptor(OutboxSignal signal) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        signal.Notify();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        signal.Notify();
        return Task.CompletedTask;
    }
}
