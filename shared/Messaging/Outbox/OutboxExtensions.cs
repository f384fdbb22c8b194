using System.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace PapersPlatform.Messaging.Outbox;

public static class OutboxExtensions
{
    /// <summary>
    /// Queues <paramref name="message"/> for publishing; it is written by the same SaveChanges (and
    /// so the same transaction) as the state change it describes.
    /// </summary>
    public static void AddOutboxMessage<TMessage>(this DbContext db, TMessage message, TimeProvider? clock = null) where TMessage : class =>
        db.Set<OutboxMessage>().Add(OutboxMessage.Create(message, Activity.Current, clock ?? TimeProvider.System));
}
