using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace PapersPlatform.Messaging.Inbox;

public static class BatchInboxExtensions
{
    /// <summary>
    /// Applies a batch of messages exactly once each, in one transaction: one statement records
    /// every message id in the inbox, <paramref name="applyEffects"/> gets the messages not applied
    /// before (in delivery order, each once, with their message ids), and it all commits together. Per message that saves
    /// the transaction, the inbox round trip and the lock round trips of <see cref="InboxExtensions.ConsumeOnceAsync"/>.
    /// </summary>
    /// <remarks>
    /// A batch that fails is applied again one message at a time, each in its own transaction, so a
    /// message that fails on its own holds nobody else's up: every other one commits, and only then
    /// does the failure go to MassTransit's retries (which find the others in the inbox and skip
    /// them). When the retries run out, the batch's messages go to the _error queue together; the
    /// ones already applied change nothing when replayed.
    /// </remarks>
    public static async Task ConsumeBatchOnceAsync<TMessage>(
        this DbContext db,
        ConsumeContext<Batch<TMessage>> context,
        string consumer,
        Func<IReadOnlyList<ConsumeContext<TMessage>>, CancellationToken, Task> applyEffects) where TMessage : class
    {
        var cancellationToken = context.CancellationToken;
        var messages = context.Message.ToList();
        try
        {
            await ApplyOnceAsync(db, messages, consumer, applyEffects, cancellationToken);
        }
        catch (Exception) when (messages.Count > 1 && !cancellationToken.IsCancellationRequested)
        {
            await OneAtATimeAsync(db, messages, message => ApplyOnceAsync(db, [message], consumer, applyEffects, cancellationToken));
        }
    }

    /// <summary>
    /// Applies every message on its own, each in its own transaction, and only then fails with the
    /// first failure, if any: the messages after a bad one are applied too.
    /// </summary>
    public static async Task OneAtATimeAsync<TMessage>(DbContext db, IEnumerable<TMessage> messages, Func<TMessage, Task> apply)
    {
        var failures = new List<Exception>();
        foreach (var message in messages)
        {
            db.ChangeTracker.Clear();
            try
            {
                await apply(message);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failures.Add(exception);
            }
        }
        db.ChangeTracker.Clear();
        if (failures.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failures[0]);
        }
    }

    private static async Task ApplyOnceAsync<TMessage>(
        DbContext db, List<ConsumeContext<TMessage>> messages, string consumer,
        Func<IReadOnlyList<ConsumeContext<TMessage>>, CancellationToken, Task> applyEffects, CancellationToken cancellationToken) where TMessage : class
    {
        var ids = messages
            .Select(message => message.MessageId ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a message id."))
            .ToArray();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var recorded = (await db.Database.SqlQueryRaw<Guid>(RecordSql(db), ids, consumer).ToListAsync(cancellationToken)).ToHashSet();
        // A message delivered twice within one batch is recorded once and applied once.
        var fresh = messages.Where(message => recorded.Remove(message.MessageId!.Value)).ToList();
        if (fresh.Count > 0)
        {
            await applyEffects(fresh, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    // In id order: two batches recording overlapping ids at once wait for each other instead of deadlocking.
    private static string RecordSql(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(InboxMessage))!;
        return $$"""
            INSERT INTO "{{entity.GetSchema()}}"."{{entity.GetTableName()}}" (message_id, consumer, processed_at)
            SELECT DISTINCT id, {1}, now() FROM unnest({0}::uuid[]) AS id ORDER BY id
            ON CONFLICT DO NOTHING
            RETURNING message_id AS "Value"
            """;
    }
}
