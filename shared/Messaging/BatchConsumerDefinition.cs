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
        consumerConfigurator.Options<BatchOptions>(batch => batch
            .SetMessageLimit(settings.BatchMessageLimit)
            .SetTimeLimit(settings.BatchTimeLimit)
            .SetConcurrencyLimit(settings.BatchConcurrencyLimit));
    }
}

public static class BatchConsumerRegistration
{
    /// <summary>Registers <typeparamref name="TConsumer"/> (an <c>IConsumer&lt;Batch&lt;T&gt;&gt;</c>) with <see cref="BatchConsumerDefinition{TConsumer}"/>.</summary>
    public static void AddBatchConsumer<TConsumer>(this IBusRegistrationConfigurator bus) where TConsumer : class, IConsumer =>
        bus.AddConsumer<TConsumer, BatchConsumerDefinition<TConsumer>>();
}
