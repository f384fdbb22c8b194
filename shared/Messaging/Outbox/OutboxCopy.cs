using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using NpgsqlTypes;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Messaging.Outbox;

public static class OutboxCopy
{
    /// <summary>
    /// <see cref="OutboxExtensions.AddOutboxMessage"/> for thousands of messages: the rows go in
    /// with one binary COPY in the caller's transaction instead of one INSERT each through the
    /// change tracker (a bulk import's announcements). The relay is woken when that transaction
    /// commits, as for rows saved by SaveChanges.
    /// </summary>
    public static async Task CopyOutboxMessagesAsync<TMessage>(this DbContext db, IEnumerable<TMessage> messages, TimeProvider clock, CancellationToken cancellationToken)
        where TMessage : class
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Outbox rows are copied inside the transaction of the change they announce; begin one first.");
        }
        await using (var writer = await db.BeginCopyAsync<OutboxMessage>(
        [
            nameof(OutboxMessage.MessageId), nameof(OutboxMessage.MessageType), nameof(OutboxMessage.Body), nameof(OutboxMessage.TraceParent),
            nameof(OutboxMessage.TraceState), nameof(OutboxMessage.CreatedAt), nameof(OutboxMessage.Attempts),
        ], cancellationToken))
        {
            foreach (var message in messages)
            {
                var row = OutboxMessage.Create(message, Activity.Current, clock);
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(row.MessageId, NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(row.MessageType, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(row.Body, NpgsqlDbType.Jsonb, cancellationToken);
                await writer.WriteNullableAsync(row.TraceParent, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteNullableAsync(row.TraceState, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(row.CreatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(0, NpgsqlDbType.Integer, cancellationToken);
            }
            await writer.CompleteAsync(cancellationToken);
        }
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?
            .OfType<OutboxCommitInterceptor>().SingleOrDefault()?.NoteOutboxRows(db);
    }
}
