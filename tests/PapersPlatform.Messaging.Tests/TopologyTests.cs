using MassTransit;
using PapersPlatform.Contracts;

namespace PapersPlatform.Messaging.Tests;

/// <summary>
/// A producer that publishes before any consumer has ever started (a fresh deploy, a consumer
/// added later) must not lose the message: it waits in the consumer's queue.
/// </summary>
public sealed class TopologyTests
{
    [Fact]
    public async Task PublishBeforeTheConsumerEverStarted_TheConsumerGetsItOnce_AndLaterOnesOnceEach()
    {
        using var broker = await Broker.CreateEmptyVirtualHostAsync();
        try
        {
            var producer = CreateBus(broker, rabbit => rabbit.DeclareConsumerQueues(quorumQueues: false));
            await producer.StartAsync(CancellationToken.None);
            await producer.Publish(Trending("early"));

            // Still nothing consumes it; it waits in the queue the consumer will read.
            await TestHelpers.EventuallyAsync(async () => await broker.MessagesInAsync("notification-paper-entered-trending") == 1 ? (bool?)true : null,
                "the early message waiting in notification-paper-entered-trending", TimeSpan.FromSeconds(20));

            // The consumer starts as the services declare theirs (its own exchange-per-queue binding
            // beside the producer's): its declaration must agree, and no message may come twice.
            var received = new List<string>();
            var consumer = CreateBus(broker, rabbit => rabbit.ReceiveEndpoint("notification-paper-entered-trending", endpoint =>
                endpoint.Handler<PaperEnteredTrending>(context =>
                {
                    lock (received)
                    {
                        received.Add(context.Message.ArxivId);
                    }
                    return Task.CompletedTask;
                })));
            await consumer.StartAsync(CancellationToken.None);
            await producer.Publish(Trending("later"));

            await TestHelpers.EventuallyAsync(() => Task.FromResult(Count(received) >= 2 ? (bool?)true : null), "both messages consumed", TimeSpan.FromSeconds(20));
            await Task.Delay(1000); // a duplicate would arrive at once
            Assert.Equal(["early", "later"], received.Order());
            await consumer.StopAsync();
            await producer.StopAsync();
        }
        finally
        {
            await broker.DeleteVirtualHostAsync();
        }
    }

    private static int Count(List<string> received)
    {
        lock (received)
        {
            return received.Count;
        }
    }

    private static PaperEnteredTrending Trending(string arxivId) => new(arxivId, "A paper", "someone", "day", 1, DateTimeOffset.UtcNow);

    private static IBusControl CreateBus(Broker broker, Action<IRabbitMqBusFactoryConfigurator> configure) =>
        Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            var address = new Uri(broker.AmqpAddress);
            rabbit.Host(address.Host, (ushort)address.Port, broker.VirtualHost, host =>
            {
                host.Username("guest");
                host.Password("guest");
            });
            configure(rabbit);
        });
}
