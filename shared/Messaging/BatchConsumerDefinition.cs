using MassTransit;
using Microsoft.Extensions.Options;

namespace PapersPlatform.Messaging;

/// <summary>
/// A consumer of <c>Batch&lt;T&gt;</c> with the platform's batch settings (<see cref="MessagingOptions"/>);
/// its queue keeps the name a consumer of single messages would have.
/// </summary>
public sealed class BatchConsumerDefinition<TConsumer>(IOptions<MessagingOptions> options) : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        var settings = options.Value;
        var untilQuiet = typeof(TConsumer).GetCustomAttributes(typeof(BatchUntilQuietAttribute), inherit: false) is [BatchUntilQuietAttribute quiet] ? quiet : null;
        consumerConfigurator.Options<BatchOptions>(batch =>
        {
            batch.SetMessageLimit(settings.BatchMessageLimit).SetConcurrencyLimit(settings.BatchConcurrencyLimit);
            if (untilQuiet is null)
            {
                batch.SetTimeLimit(settings.BatchTimeLimit);
            }
            else
            {
                batch.SetTimeLimit(TimeSpan.FromMilliseconds(untilQuiet.Milliseconds)).SetTimeLimitStart(BatchTimeLimitStart.FromLast);
            }
        });
    }
}

/// <summary>
/// A batch that closes once no message came for this long (or at the message limit), instead of
/// <c>Messaging:BatchTimeLimit</c> after its first message: for a consumer whose single messages
/// someone is waiting to see (a submitted paper waits 5 ms, not 20) and whose bursts arrive
/// back to back (a bulk import's papers, published a hundred at a time, fill the batch).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class BatchUntilQuietAttribute(double milliseconds) : Attribute
{
    public double Milliseconds { get; } = milliseconds;
}

public static class BatchConsumerRegistration
{
    /// <summary>Registers <typeparamref name="TConsumer"/> (an <c>IConsumer&lt;Batch&lt;T&gt;&gt;</c>) with <see cref="BatchConsumerDefinition{TConsumer}"/>.</summary>
    public static void AddBatchConsumer<TConsumer>(this IBusRegistrationConfigurator bus) where TConsumer : class, IConsumer =>
        bus.AddConsumer<TConsumer, BatchConsumerDefinition<TConsumer>>();
}
