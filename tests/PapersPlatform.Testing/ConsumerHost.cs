using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PapersPlatform.Messaging;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Testing;

/// <summary>
/// One service's consumers on their own, between a unit test and the whole platform: a host with
/// the service's DbContext on a database of its own (migrated as the service migrates it) and the
/// platform's messaging (inbox, retries, batch consumers) on a RabbitMQ virtual host of its own,
/// both on the run's real servers. No running service takes its messages, it takes none of theirs,
/// and it starts in a few seconds. Tests deliver hand-made messages to its queues, in whatever
/// order they need, wait for its inbox and read its tables.
/// </summary>
/// <example>
/// <code>
/// await using var consumers = await ConsumerHost&lt;TrendingDbContext&gt;.StartAsync("trending", bus => bus.AddBatchConsumer&lt;PaperUpvotedConsumer&gt;());
/// var id = await consumers.DeliverAsync("paper-upvoted", "PaperUpvoted", new { arxivId, … });
/// Assert.True(await consumers.InInboxAsync(id, nameof(PaperUpvotedConsumer)));
/// </code>
/// </example>
public sealed class ConsumerHost<TContext> : IAsyncDisposable where TContext : DbContext
{
    private readonly IHost _host;
    private readonly ScratchDatabase _database;
    private readonly string _service;

    private readonly ReceivedMessages _received;

    private ConsumerHost(IHost host, Broker broker, ScratchDatabase database, string service, ReceivedMessages received) =>
        (_host, Broker, _database, _service, _received) = (host, broker, database, service, received);

    /// <summary>The host's own virtual host.</summary>
    public Broker Broker { get; }

    /// <summary>A superuser connection to the host's own database.</summary>
    public string ConnectionString => _database.ConnectionString;

    /// <param name="service">The service's name: its schema and the prefix of its queues ("trending-paper-upvoted").</param>
    /// <param name="consumers">The consumers to run, registered as the service registers them.</param>
    /// <param name="services">What those consumers need besides the DbContext and a clock.</param>
    public static async Task<ConsumerHost<TContext>> StartAsync(
        string service, Action<IBusRegistrationConfigurator> consumers, Action<IServiceCollection>? services = null)
    {
        var database = await ScratchDatabase.CreateAsync($"{service}_consumers");
        var broker = await Broker.CreateEmptyVirtualHostAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = database.ConnectionString,
            ["ConnectionStrings:RabbitMq"] = broker.AmqpAddress,
            // Retries in a test's time: an early message that a consumer wrongly refused would be
            // retried and dead-lettered within seconds, not minutes.
            ["Messaging:DelayedRetries:0"] = "00:00:00.2",
            ["Messaging:DelayedRetries:1"] = "00:00:00.5",
        });
        builder.Services.AddSingleton(TimeProvider.System);
        var received = new ReceivedMessages();
        builder.Services.AddReceiveObserver(_ => received);
        builder.AddServiceDatabase<TContext>(service);
        builder.AddPlatformMessaging<TContext>(service, consumers);
        // After the database's migrator: a hosted service of the consumers' starts on a migrated schema.
        services?.Invoke(builder.Services);
        builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            await DropAsync(broker, database);
            throw;
        }
        return new ConsumerHost<TContext>(host, broker, database, service, received);
    }

    /// <summary>
    /// Delivers a message straight into one of the service's queues ("paper-upvoted") and waits
    /// until the bus has finished with it: consumed, committed and acknowledged (or faulted), even
    /// when it rightly changed nothing (a duplicate, a stale score). Returns its message id; give
    /// an earlier one to deliver the same message again.
    /// </summary>
    public async Task<Guid> DeliverAsync(string queue, string contract, object message, Guid? messageId = null)
    {
        var id = messageId ?? Guid.NewGuid();
        var before = _received.Count(id);
        await Broker.DeliverAsync($"{_service}-{queue}", contract, message, id);
        await TestHelpers.EventuallyAsync(() => Task.FromResult(_received.Count(id) > before ? (bool?)true : null),
            $"{_service} to finish with {contract} {id}", TimeSpan.FromSeconds(30));
        return id;
    }

    /// <summary>
    /// Delivers messages all at once, so that a batch consumer takes several together, the last
    /// <paramref name="redelivered"/> of them again under the message ids of the first ones (as a
    /// redelivery comes), and waits until the bus has finished with every one. Returns their ids
    /// in the order given.
    /// </summary>
    public async Task<Guid[]> DeliverBurstAsync(string queue, string contract, IReadOnlyList<object> messages, int redelivered = 0)
    {
        var ids = messages.Select(_ => Guid.NewGuid()).ToArray();
        for (var copy = 0; copy < redelivered; copy++)
        {
            ids[messages.Count - redelivered + copy] = ids[copy];
        }
        var expected = ids.GroupBy(id => id).ToDictionary(group => group.Key, group => _received.Count(group.Key) + group.Count());
        await Task.WhenAll(messages.Select((message, index) => Broker.DeliverAsync($"{_service}-{queue}", contract, message, ids[index])));
        await TestHelpers.EventuallyAsync(() => Task.FromResult(expected.All(id => _received.Count(id.Key) >= id.Value) ? (bool?)true : null),
            $"{_service} to finish with a burst of {messages.Count} {contract}", TimeSpan.FromSeconds(30));
        return ids;
    }

    /// <summary>
    /// The most of these messages <paramref name="consumer"/> applied in one transaction (a batch
    /// records its messages in the inbox with one timestamp): above 1 when it really batched them.
    /// </summary>
    public async Task<long> LargestBatchAsync(IEnumerable<Guid> messageIds, string consumer)
    {
        var ids = messageIds.Distinct().ToArray();
        await using var db = CreateContext();
        return await db.Database.SqlQuery<long>(ModelSql.Statement($"""
                SELECT coalesce(max(n), 0) AS "Value" FROM (SELECT count(*) AS n FROM {db.TableOf<InboxMessage>()}
                WHERE message_id = ANY({ids}) AND consumer = {consumer} GROUP BY processed_at) AS batches
                """))
            .SingleAsync();
    }

    /// <summary>Whether <paramref name="consumer"/> recorded the message in its inbox (applied and committed it).</summary>
    public async Task<bool> InInboxAsync(Guid messageId, string consumer)
    {
        await using var db = CreateContext();
        return await db.Database.SqlQuery<long>(ModelSql.Statement(
                $"SELECT count(*) AS \"Value\" FROM {db.TableOf<InboxMessage>()} WHERE message_id = {messageId} AND consumer = {consumer}"))
            .SingleAsync() == 1;
    }

    /// <summary>The service's DbContext on this host's database, for reading what the consumers stored.</summary>
    public TContext CreateContext() => _host.Services.CreateScope().ServiceProvider.GetRequiredService<TContext>();

    /// <summary>Messages the consumers gave up on (their _error queues), in this host's virtual host.</summary>
    public Task<long> DeadLettersAsync() => Broker.DeadLettersAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await DropAsync(Broker, _database);
    }

    private static async Task DropAsync(Broker broker, ScratchDatabase database)
    {
        await broker.DeleteVirtualHostAsync();
        broker.Dispose();
        await database.DisposeAsync();
    }
}
