using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace PapersPlatform.ServiceDefaults;

/// <summary>
/// Which traces are kept (<c>Telemetry:TraceSampleRatio</c>, 0 to 1; 1 unless set, so that a
/// local run and the tests show every request). Below 1, the service where a trace starts (the
/// gateway, or a consumer's relay) keeps that share of traces by trace id, and every service
/// behind it follows the caller's decision, so that a kept trace is whole. A span of an unkept
/// trace is still recorded, and kept anyway when it ends in error (<see cref="KeepErrors"/>):
/// production sees a fraction of the traffic and every failure.
/// </summary>
public static class TraceSampling
{
    public static TracerProviderBuilder SampleByConfiguration(this TracerProviderBuilder tracing, double ratio)
    {
        if (ratio >= 1)
        {
            return tracing;
        }
        var recordOnly = new RecordOnlySampler();
        return tracing
            .SetSampler(new ParentBasedSampler(new RatioOrRecordSampler(ratio),
                remoteParentSampled: new AlwaysOnSampler(), remoteParentNotSampled: recordOnly,
                localParentSampled: new AlwaysOnSampler(), localParentNotSampled: recordOnly))
            .AddProcessor(new KeepErrors());
    }

    /// <summary>The ratio's share of new traces is sampled; the rest is recorded but not exported.</summary>
    private sealed class RatioOrRecordSampler(double ratio) : Sampler
    {
        private readonly TraceIdRatioBasedSampler _ratio = new(ratio);

        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
            _ratio.ShouldSample(samplingParameters).Decision == SamplingDecision.RecordAndSample
                ? new SamplingResult(SamplingDecision.RecordAndSample)
                : new SamplingResult(SamplingDecision.RecordOnly);
    }

    private sealed class RecordOnlySampler : Sampler
    {
        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) => new(SamplingDecision.RecordOnly);
    }

    /// <summary>
    /// Marks an unsampled span that ended in error (a 5xx, an exception) as sampled before the
    /// exporter sees it: added before the exporter, it runs first.
    /// </summary>
    private sealed class KeepErrors : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            if (!data.Recorded && data.Status == ActivityStatusCode.Error)
            {
                data.ActivityTraceFlags |= ActivityTraceFlags.Recorded;
            }
        }
    }
}
