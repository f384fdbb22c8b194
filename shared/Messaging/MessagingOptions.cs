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

    /// <summary>
    /// Batch consumers (the votes and the score copies, see docs/performance.md) take up to this
    /// many messages at once, in one transaction.
    /// </summary>
    public int BatchMessageLimit { get; set; } = 100;

    /// <summary>
    /// How long a batch waits for more messages after its first: the most a message waits on a
    /// quiet system, and under load what decides the batch's size (rate × this).
    /// </summary>
    public TimeSpan BatchTimeLimit { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Batches of one queue applied at once per instance; each holds a database connection.</summary>
    public int BatchConcurrencyLimit { get; set; } = 2;

    /// <summary>Quorum queues (replicated), for a RabbitMQ cluster; classic durable queues otherwise.</summary>
    public bool QuorumQueues { get; set; }

    /// <summary>How long published outbox rows are kept (for looking into what was sent) before deletion.</summary>
    public TimeSpan OutboxRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long inbox rows are kept. A message redelivered later than this would be applied again,
    /// so it is far longer than a broker holds an unacknowledged or dead-lettered message in practice.
    /// </summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// Failed attempts after which the relay sets an outbox row aside (one it cannot read, such
    /// as a contract renamed in a rolling deploy). The waits between
    /// attempts double from <see cref="OutboxRetryDelay"/> up to five minutes: with the defaults a
    /// row is tried for about twenty minutes, long enough for a rolling deploy to finish.
    /// </summary>
    public int OutboxMaxAttempts { get; set; } = 12;

    public TimeSpan OutboxRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromSeconds(30);
}
