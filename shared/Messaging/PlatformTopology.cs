using MassTransit;
using PapersPlatform.Contracts;

namespace PapersPlatform.Messaging;

/// <summary>
/// Which queue consumes which message, for the whole platform. RabbitMQ drops (and still
/// confirms) a message published to an exchange with no queue bound yet, so a producer that ran
/// before a consumer's first start, or before a new consumer was deployed, would lose its first
/// events. Every bus therefore declares these queues and binds them to a message's exchange
/// before it first publishes that message: start-up order does not matter. A consumer's own
/// start adds MassTransit's usual exchange-per-queue binding beside it; RabbitMQ delivers a
/// message once to a queue however many bindings lead there. A test compares this list with the
/// queues the running services declare.
/// </summary>
public static class PlatformTopology
{
    // The one list: adding a consumer means adding its queue here (the end-to-end TopologyTests fail until it is).
    private static readonly ConsumerBinding[] Bindings =
    [
        For<PaperPublished>("catalogue-paper-published", "trending-paper-published", "notification-paper-published", "embeddings-paper-published"),
        For<PaperUpvoted>("trending-paper-upvoted", "notification-paper-upvoted"),
        For<PaperUpvoteWithdrawn>("trending-paper-upvote-withdrawn", "notification-paper-upvote-withdrawn"),
        For<TrendingScoreChanged>("catalogue-trending-score-changed", "notification-trending-score-changed"),
        For<PaperEnteredTrending>("notification-paper-entered-trending"),
    ];

    public static IReadOnlyDictionary<Type, string[]> ConsumerQueues { get; } = Bindings.ToDictionary(binding => binding.Message, binding => binding.Queues);

    /// <summary>Declares every consumer's queue, bound to its message's exchange, when the bus first publishes that message.</summary>
    public static void DeclareConsumerQueues(this IRabbitMqBusFactoryConfigurator rabbit, bool quorumQueues)
    {
        foreach (var binding in Bindings)
        {
            binding.Declare(rabbit, quorumQueues);
        }
    }

    private static ConsumerBinding For<TMessage>(params string[] queues) where TMessage : class => new(typeof(TMessage), queues, (rabbit, quorumQueues) =>
        rabbit.Publish<TMessage>(topology =>
        {
            foreach (var queue in queues)
            {
                // Declared exactly as the consumer's endpoint declares it, or RabbitMQ refuses the second declaration.
                topology.BindQueue(topology.Exchange.ExchangeName, queue, binding =>
                {
                    if (quorumQueues)
                    {
                        binding.SetQuorumQueue();
                    }
                });
            }
        }));

    private sealed record ConsumerBinding(Type Message, string[] Queues, Action<IRabbitMqBusFactoryConfigurator, bool> Declare);
}
