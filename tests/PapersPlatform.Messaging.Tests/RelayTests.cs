using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PapersPlatform.Messaging.Outbox;

namespace PapersPlatform.Messaging.Tests;

/// <summary>
/// The shared outbox relay, run on its own (a host with just a DbContext and the platform's
/// messaging) against a schema and a virtual host of its own.
/// </summary>
public sealed class RelayTests
{
    [Fact]
    public async Task UnreadableRowAmongGoodOnes_TheOthersGoOut_ItIsSetAsideCounted_AndReplayPublishesIt()
    {
        using var broker = await Broker.CreateEmptyVirtualHostAsync();
        using var setAside = new CounterListener("papers.outbox.set_aside");
        try
        {
            await CreateSchemaAsync();
            // The probe's queue is declared when the relay's bus starts (it is no platform contract).
            using var host = await StartRelayAsync(broker);
            long poisonId;
            await using (var db = CreateContext())
            {
                // One transaction: the relay claims the good rows and the bad one in one batch.
                await using var transaction = await db.Database.BeginTransactionAsync();
                foreach (var number in new[] { 1, 2, 3 })
                {
                    db.AddOutboxMessage(new RelayProbe(number));
                }
                await db.SaveChangesAsync();
                // As a producer of a newer version would write it during a rolling deploy.
                var body = """{"number": 0}""";
                poisonId = (await db.Database.SqlQuery<long>($"""
                    INSERT INTO relay_test.outbox_messages (message_id, message_type, body, created_at, attempts)
                    VALUES (gen_random_uuid(), 'PapersPlatform.Contracts.PaperRenamed, PapersPlatform.Contracts', {body}::jsonb, now(), 0)
                    RETURNING id AS "Value"
                    """).ToListAsync()).Single();
                foreach (var number in new[] { 4, 5, 6 })
                {
                    db.AddOutboxMessage(new RelayProbe(number));
                }
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
            }

            // The good rows go out and are marked sent: not republished with the bad one for ever,
            // which would also keep every row behind a full batch from ever being claimed.
            await TestHelpers.EventuallyAsync(async () =>
                    await AdminDatabase.ScalarAsync<long>("SELECT count(*) FROM relay_test.outbox_messages WHERE sent_at IS NOT NULL") == 6 ? (bool?)true : null,
                "the six good rows marked sent past the unreadable one", TimeSpan.FromSeconds(20));
            await TestHelpers.EventuallyAsync(async () =>
                    await AdminDatabase.ScalarAsync<int>("SELECT attempts FROM relay_test.outbox_messages WHERE id = $1 AND set_aside_at IS NOT NULL", poisonId) == 3 ? (bool?)true : null,
                "the unreadable row set aside after its 3 attempts", TimeSpan.FromSeconds(20));
            Assert.Equal(1, setAside.Total);
            Assert.Equal([1, 2, 3, 4, 5, 6], RelayProbeConsumer.Received.Order());
            Assert.Contains("PaperRenamed", await AdminDatabase.ScalarAsync<string>("SELECT last_error FROM relay_test.outbox_messages WHERE id = $1", poisonId));

            // The fix is deployed (the type resolves again); the operator replays the row.
            await AdminDatabase.ExecuteAsync("UPDATE relay_test.outbox_messages SET message_type = $1, body = '{\"number\": 99}' WHERE id = $2",
                $"{typeof(RelayProbe).FullName}, {typeof(RelayProbe).Assembly.GetName().Name}", poisonId);
            Assert.Contains("UPDATE 1", await DeadLetterTool.RunAsync("--outbox", "relay_test", "--replay", poisonId.ToString(System.Globalization.CultureInfo.InvariantCulture)));

            await TestHelpers.EventuallyAsync(() => Task.FromResult(RelayProbeConsumer.Received.Contains(99) ? (bool?)true : null), "the replayed row published", TimeSpan.FromSeconds(20));
            // The consumer can see the message before the relay's transaction marking it sent commits.
            await TestHelpers.EventuallyAsync(async () =>
                    await AdminDatabase.ScalarAsync<long>("SELECT count(*) FROM relay_test.outbox_messages WHERE sent_at IS NULL") == 0 ? (bool?)true : null,
                "every row marked sent after the replay", TimeSpan.FromSeconds(20));
            await host.StopAsync();
        }
        finally
        {
            await broker.DeleteVirtualHostAsync();
            await AdminDatabase.ExecuteAsync("DROP SCHEMA IF EXISTS relay_test CASCADE");
        }
    }

    private static async Task CreateSchemaAsync()
    {
        await AdminDatabase.ExecuteAsync("DROP SCHEMA IF EXISTS relay_test CASCADE");
        await using var db = CreateContext();
        // EnsureCreated would do nothing in a database that already has the services' tables.
        await db.GetService<IRelationalDatabaseCreator>().CreateTablesAsync();
    }

    private static RelayTestDbContext CreateContext() => new(new DbContextOptionsBuilder<RelayTestDbContext>()
        .UseNpgsql(TestEnvironment.DatabaseAdmin).UseSnakeCaseNamingConvention().Options);

    private static async Task<IHost> StartRelayAsync(Broker broker)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = broker.AmqpAddress,
            ["Messaging:OutboxMaxAttempts"] = "3",
            ["Messaging:OutboxRetryDelay"] = "00:00:00.2",
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddDbContext<RelayTestDbContext>((services, options) => options
            .UseNpgsql(TestEnvironment.DatabaseAdmin).UseSnakeCaseNamingConvention()
            .AddInterceptors(services.GetServices<IInterceptor>()));
        builder.AddPlatformMessaging<RelayTestDbContext>("relaytest", bus => bus.AddConsumer<RelayProbeConsumer>());
        builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Sums what the platform's meter counts under one instrument, in this process.</summary>
    private sealed class CounterListener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public CounterListener(string instrument)
        {
            _listener.InstrumentPublished = (candidate, listener) =>
            {
                if (candidate.Name == instrument)
                {
                    listener.EnableMeasurementEvents(candidate);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }
}

public sealed class RelayTestDbContext(DbContextOptions<RelayTestDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("relay_test");
        modelBuilder.AddMessagingTables();
    }
}

public sealed record RelayProbe(int Number);

public sealed class RelayProbeConsumer : IConsumer<RelayProbe>
{
    public static ConcurrentBag<int> Received { get; } = [];

    public Task Consume(ConsumeContext<RelayProbe> context)
    {
        Received.Add(context.Message.Number);
        return Task.CompletedTask;
    }
}
