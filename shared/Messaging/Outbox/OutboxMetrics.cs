using System.Diagnostics.Metrics;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Messaging.Outbox;

/// <summary>What operators watch about the outbox: how much waits, and how long messages wait.</summary>
public sealed class OutboxMetrics
{
    private long _backlog;

    public OutboxMetrics()
    {
        PlatformTelemetry.Meter.CreateObservableGauge("papers.outbox.backlog", () => Interlocked.Read(ref _backlog),
            unit: "{message}", description: "Outbox messages committed but not yet published.");
        Published = PlatformTelemetry.Meter.CreateCounter<long>("papers.outbox.published", unit: "{message}");
        Delay = PlatformTelemetry.Meter.CreateHistogram<double>("papers.outbox.delay", unit: "s",
            description: "Time from commit to confirmed publish.");
    }

    public Counter<long> Published { get; }

    public Histogram<double> Delay { get; }

    public long Backlog
    {
        get => Interlocked.Read(ref _backlog);
        set => Interlocked.Exchange(ref _backlog, value);
    }
}
