using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PapersPlatform.ServiceDefaults;

/// <summary>The platform's own activity source and meter (outbox relay, inbox, domain events).</summary>
public static class PlatformTelemetry
{
    public const string SourceName = "PapersPlatform";

    public static readonly ActivitySource ActivitySource = new(SourceName);

    public static readonly Meter Meter = new(SourceName);
}
