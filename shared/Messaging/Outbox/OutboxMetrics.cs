using System.Diagnostics.Metrics;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Messaging.Outbox;

/// <summary>What operators watch about the outbox: how much waits, and how long messages wait.</summary>
public sealed class OutboxMetrics
{
    private long _backlog;
    private long _setAsideRows;

    public OutboxMetrics()
    {
        PlatformTelemetry.Meter.CreateObservableGauge("papers.outbox.backlog", () => Interlocked.Read(ref _backlog),
            unit: "{message}", description: "Outbox messages committed but not yet published.");
        PlatformTelemetry.Meter.CreateObservableGauge("papers.outbox.set_aside_rows", () => Interlocked.Read(ref _setAsideRows),
            unit: "{message}", description: "Outbox messages the relay gave up on, waiting for an operator to replay them.");
        Failed = PlatformTelemetry.Meter.CreateCounter<long>("papers.outbox.failed", unit: "{attempt}",
            description: "Attempts to read an outbox message for publishing that failed (an unknown type, an unreadable body).");
        SetAside = PlatformTelemetry.Meter.CreateCounter<long>("papers.outbox.set_aside", unit: "{message}",
            description: "Outbox messages set aside after their last attempt.");
        Published = PlatformTelemetry.Meter.CreateCounter<long>("papers.outbox.published", unit: "{message}");
        Delay = PlatformTelemetry.Meter.CreateHistogram<double>("papers.outbox.delay", unit: "s",
            description: "Time from commit to confirmed publish.");
    }

    public Counter<long> Published { get; }

    public Counter<long> Failed { get; }

    public Counter<long> SetAside { get; }

    public long SetAsideRows
    {
        get => Interlocked.Read(ref _setAsideRows);
        set => Interlocked.Exchange(ref _setAsideRows, value);
    }

    public Histogram<double> Delay { get; }

    public long Backlog
    {
        get => Interlocked.Read(ref _backlog);
        set => Interlocked.Exchange(ref _backlog, value);
    }
}
