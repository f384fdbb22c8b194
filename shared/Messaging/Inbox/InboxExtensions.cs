using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace PapersPlatform.Messaging.Inbox;

public static class InboxExtensions
{
    /// <summary>
    /// Applies a consumer's effect exactly once per message: the inbox row and the effect commit in
    /// one transaction, and a message already recorded for this consumer is skipped. Two copies
    /// delivered at once serialise on the inbox key; the second finds the row and does nothing.
    /// </summary>
    /// <returns>false when the message had been applied before.</returns>
    public static async Task<bool> ConsumeOnceAsync<TMessage>(
        this DbContext db,
        ConsumeContext<TMessage> context,
        string consumer,
        Func<CancellationToken, Task> applyEffect) where TMessage : class
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a message id.");
        var cancellationToken = context.CancellationToken;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var recorded = await db.Database.ExecuteSqlRawAsync(RecordSql(db), [messageId, consumer], cancellationToken);
        if (recorded == 0)
        {
            return false;
        }

        await applyEffect(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    // Identifiers come from the EF model, values are parameters.
    private static string RecordSql(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(InboxMessage))!;
        return $$"""
            INSERT INTO "{{entity.GetSchema()}}"."{{entity.GetTableName()}}" (message_id, consumer, processed_at)
            VALUES ({0}, {1}, now()) ON CONFLICT DO NOTHING
            """;
    }
}
