using System.Diagnostics;
using System.Text.Json;

namespace PapersPlatform.Messaging.Outbox;

/// <summary>
/// A message waiting to be published, written in the same transaction as the state change it
/// announces. The trace context of the request that wrote it travels with it.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; private set; }
    public Guid MessageId { get; private set; }
    public required string MessageType { get; init; }
    public required string Body { get; init; }
    public string? TraceParent { get; init; }
    public string? TraceState { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Failed attempts to read this row for publishing (its type or body could not be resolved).</summary>
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    /// <summary>Not before this is it tried again: failures back off.</summary>
    public DateTimeOffset? RetryAt { get; set; }
    /// <summary>
    /// Set when the relay gave up on it after <c>Messaging:OutboxMaxAttempts</c>: kept, never
    /// published, until an operator replays it (<c>deploy/scripts/replay-dead-letters.sh --outbox</c>).
    /// </summary>
    public DateTimeOffset? SetAsideAt { get; set; }

    public const int MaxErrorLength = 2000;

    public static OutboxMessage Create<TMessage>(TMessage message, Activity? activity, TimeProvider clock) where TMessage : class =>
        new()
        {
            MessageId = Guid.CreateVersion7(),
            MessageType = TypeName(typeof(TMessage)),
            Body = JsonSerializer.Serialize(message, JsonSerializerOptions.Web),
            TraceParent = activity?.Id,
            TraceState = activity?.TraceStateString,
            CreatedAt = clock.GetUtcNow(),
        };

    public Type ResolveType() =>
        Type.GetType(MessageType, throwOnError: true)!;

    public object Deserialize(Type type) =>
        JsonSerializer.Deserialize(Body, type, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"Outbox message {MessageId} has an empty body.");

    private static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
