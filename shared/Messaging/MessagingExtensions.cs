using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Messaging.Outbox;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Messaging;

public static class MessagingExtensions
{
    public const string ConnectionStringName = "RabbitMq";

    /// <summary>
    /// MassTransit over RabbitMQ for one service: its queues are prefixed with the service name,
    /// its consumers get MassTransit's retries and error queues, and its outbox relay publishes
    /// what <typeparamref name="TContext"/> commits.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformMessaging<TContext>(
        this IHostApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? addConsumers = null) where TContext : DbContext
    {
        var broker = new Uri(builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not configured."));
        ExampleSecrets.Refuse($"The broker password in ConnectionStrings:{ConnectionStringName}", Uri.UnescapeDataString(broker.UserInfo));
        var section = builder.Configuration.GetSection(MessagingOptions.Section);
        var options = section.Get<MessagingOptions>() ?? new MessagingOptions();
        builder.Services.Configure<MessagingOptions>(section);

        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxMetrics>();
        builder.Services.AddSingleton<IInterceptor, OutboxCommitInterceptor>();
        builder.Services.AddHostedService<OutboxRelay<TContext>>();
        builder.Services.AddHostedService<MessagingMaintenance<TContext>>();

        builder.Services.AddMassTransit(bus =>
        {
            // "catalogue-paper-published": two services never share a queue by accident.
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            // MassTransit 8.4+ reports how the bus is configured to its makers' servers unless told
            // not to: nothing leaves the platform that its operators did not choose to send.
            bus.ConfigureUsageTelemetryOptions(usage => usage.Enabled = false);
            addConsumers?.Invoke(bus);
            if (options.QuorumQueues)
            {
                bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
                {
                    if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                    {
                        rabbit.SetQuorumQueue();
                    }
                });
            }

            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(broker.Host, (ushort)(broker.IsDefaultPort ? 5672 : broker.Port), VirtualHost(broker), host =>
                {
                    var (user, password) = Credentials(broker);
                    host.Username(user);
                    host.Password(password);
                });
                // Transient faults get quick retries, then spaced-out ones; what still fails, and
                // poison at once, goes to the queue's _error queue (see docs/operations.md).
                // One policy: a second UseMessageRetry on the bus replaces the first rather than
                // nesting inside it (the fault test caught the spaced retries going missing).
                rabbit.UseMessageRetry(retry =>
                {
                    retry.Intervals([.. Enumerable.Repeat(TimeSpan.Zero, options.ImmediateRetries), .. options.DelayedRetryIntervals]);
                    retry.Ignore<PoisonMessageException>();
                });
                rabbit.DeclareConsumerQueues(options.QuorumQueues);
                rabbit.PrefetchCount = options.PrefetchCount;
                rabbit.ConcurrentMessageLimit = options.ConcurrentMessageLimit;
                rabbit.ConfigureEndpoints(context);
            });
        });
        // After the bus, whose publish channel it opens.
        builder.Services.AddStartupWarmup<StartupWarmup<TContext>>();
        return builder;
    }

    /// <summary>The outbox and inbox tables, in the calling context's schema.</summary>
    public static ModelBuilder AddMessagingTables(this ModelBuilder modelBuilder) =>
        modelBuilder
            .ApplyConfiguration(new OutboxMessageConfiguration())
            .ApplyConfiguration(new InboxMessageConfiguration());

    private static string VirtualHost(Uri broker) =>
        broker.AbsolutePath.Trim('/') is { Length: > 0 } path ? Uri.UnescapeDataString(path) : "/";

    private static (string User, string Password) Credentials(Uri broker)
    {
        var parts = broker.UserInfo.Split(':', 2);
        return parts.Length == 2
            ? (Uri.UnescapeDataString(parts[0]), Uri.UnescapeDataString(parts[1]))
            : ("guest", "guest");
    }
}
