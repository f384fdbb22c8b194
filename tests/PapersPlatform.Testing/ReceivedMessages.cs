using System.Collections.Concurrent;
using MassTransit;

namespace PapersPlatform.Testing;

/// <summary>
/// The message ids a bus in this process has finished receiving (consumed and acknowledged, or
/// faulted): how a test knows a message was handled even when handling it changed nothing (a
/// stale score, a duplicate) and no inbox row records it.
/// </summary>
public sealed class ReceivedMessages : IReceiveObserver
{
    private readonly ConcurrentDictionary<Guid, int> _received = new();

    /// <summary>How many times a message with this id was received (a redelivery counts again).</summary>
    public int Count(Guid messageId) => _received.GetValueOrDefault(messageId);

    public Task PostReceive(ReceiveContext context) => Record(context);

    public Task ReceiveFault(ReceiveContext context, Exception exception) => Record(context);

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class => Task.CompletedTask;

    private Task Record(ReceiveContext context)
    {
        if (context.GetMessageId() is { } messageId)
        {
            _received.AddOrUpdate(messageId, 1, (_, count) => count + 1);
        }
        return Task.CompletedTask;
    }
}
