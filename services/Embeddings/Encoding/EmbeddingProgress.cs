using System.Diagnostics.Metrics;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Embeddings.Encoding;

/// <summary>
/// How far behind embedding is: papers waiting for a vector (counted by the worker after each
/// batch and when idle), papers embedded, and the model's time per paper. A metric each, and the
/// /health detail of <see cref="EmbeddingsHealthCheck"/>.
/// </summary>
public sealed class EmbeddingProgress
{
    private long _waiting;

    public EmbeddingProgress()
    {
        PlatformTelemetry.Meter.CreateObservableGauge("papers.embeddings.waiting", () => Interlocked.Read(ref _waiting),
            unit: "{paper}", description: "Papers stored but not yet embedded: how far behind the embedding worker is.");
        Embedded = PlatformTelemetry.Meter.CreateCounter<long>("papers.embeddings.embedded", unit: "{paper}");
        Failed = PlatformTelemetry.Meter.CreateCounter<long>("papers.embeddings.failed", unit: "{paper}",
            description: "Papers whose text the model could not embed; they are left out of related papers.");
        ModelTime = PlatformTelemetry.Meter.CreateHistogram<double>("papers.embeddings.model_time_per_paper", unit: "ms");
    }

    public long Waiting
    {
        get => Interlocked.Read(ref _waiting);
        set => Interlocked.Exchange(ref _waiting, value);
    }

    /// <summary>Papers the backfill has read from the catalogue so far, and whether it has read them all.</summary>
    public long BackfillRead { get; set; }

    public bool BackfillComplete { get; set; }

    public Counter<long> Embedded { get; }

    public Counter<long> Failed { get; }

    public Histogram<double> ModelTime { get; }
}
