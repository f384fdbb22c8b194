namespace PapersPlatform.Messaging;

/// <summary>How a service consumes: the "Messaging" configuration section.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>Quick retries in place, for a lock timeout or a dropped connection.</summary>
    public int ImmediateRetries { get; set; } = 3;

    /// <summary>
    /// Then retries spaced out, for outages (a database restart). They run in the consumer with
    /// the message still unacknowledged, so a crash meanwhile hands it back to the broker. (The
    /// broker-side delayed redelivery needs a RabbitMQ plugin that Debian's server lacks.)
    /// </summary>
    /// <remarks>Null means the defaults: configuration binding would append to a default array, not replace it.</remarks>
    public TimeSpan[]? DelayedRetries { get; set; }

    public TimeSpan[] DelayedRetryIntervals => DelayedRetries ??
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)];

    /// <summary>Messages fetched ahead per queue.</summary>
    public int PrefetchCount { get; set; } = 16;

    /// <summary>Messages handled at once per queue; each holds a database connection.</summary>
    public int ConcurrentMessageLimit { get; set; } = 8;

    /// <summary>Quorum queues (replicated), for a RabbitMQ cluster; classic durable queues otherwise.</summary>
    public bool QuorumQueues { get; set; }

    /// <summary>How long published outbox rows are kept (for looking into what was sent) before deletion.</summary>
    public TimeSpan OutboxRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long inbox rows are kept. A message redelivered later than this would be applied again,
    /// so it is far longer than a broker holds an unacknowledged or dead-lettered message in practice.
    /// </summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(14);

    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromSeconds(30);
}
