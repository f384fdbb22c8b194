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
    public static readonly IReadOnlyDictionary<Type, string[]> ConsumerQueues = new Dictionary<Type, string[]>
    {
        [typeof(PaperPublished)] = ["catalogue-paper-published", "trending-paper-published", "notification-paper-published"],
        [typeof(PaperUpvoted)] = ["trending-paper-upvoted", "notification-paper-upvoted"],
        [typeof(PaperUpvoteWithdrawn)] = ["trending-paper-upvote-withdrawn", "notification-paper-upvote-withdrawn"],
        [typeof(TrendingScoreChanged)] = ["catalogue-trending-score-changed", "notification-trending-score-changed"],
        [typeof(PaperTrending)] = ["notification-paper-trending"],
    };

    /// <summary>Declares every consumer's queue, bound to its message's exchange, when the bus first publishes that message.</summary>
    public static void DeclareConsumerQueues(this IRabbitMqBusFactoryConfigurator rabbit, bool quorumQueues)
    {
        Bind<PaperPublished>(rabbit, quorumQueues);
        Bind<PaperUpvoted>(rabbit, quorumQueues);
        Bind<PaperUpvoteWithdrawn>(rabbit, quorumQueues);
        Bind<TrendingScoreChanged>(rabbit, quorumQueues);
        Bind<PaperTrending>(rabbit, quorumQueues);
    }

    private static void Bind<TMessage>(IRabbitMqBusFactoryConfigurator rabbit, bool quorumQueues) where TMessage : class =>
        rabbit.Publish<TMessage>(topology =>
        {
            foreach (var queue in ConsumerQueues[typeof(TMessage)])
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
        });
}
