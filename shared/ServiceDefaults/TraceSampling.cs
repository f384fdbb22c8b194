using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;
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

    /// <summary>
    /// At a public edge (<c>Telemetry:IgnoreIncomingTraceContext</c>, on for the gateway in
    /// compose) a client's <c>traceparent</c> is ignored: otherwise anyone could choose the trace id
    /// and the sampling decision, and have every request of theirs traced. Outgoing calls still
    /// carry the trace on to the services.
    /// </summary>
    public static IServiceCollection IgnoreIncomingTraceContext(this IServiceCollection services)
    {
        // ASP.NET Core makes the request's activity with the propagator in the container (which it
        // may register from the process-wide one later on)...
        var propagator = new IncomingIgnored(DistributedContextPropagator.Current);
        DistributedContextPropagator.Current = propagator;
        services.RemoveAll<DistributedContextPropagator>();
        services.AddSingleton<DistributedContextPropagator>(propagator);
        // ...and OpenTelemetry's ASP.NET Core instrumentation extracts the context once more with
        // its own propagator, and gives the activity that parent when it differs.
        Sdk.SetDefaultTextMapPropagator(new NoExtraction(new CompositeTextMapPropagator([new TraceContextPropagator(), new BaggagePropagator()])));
        return services;
    }

    private sealed class IncomingIgnored(DistributedContextPropagator outgoing) : DistributedContextPropagator
    {
        public override IReadOnlyCollection<string> Fields => outgoing.Fields;

        public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter) => outgoing.Inject(activity, carrier, setter);

        public override void ExtractTraceIdAndState(object? carrier, PropagatorGetterCallback? getter, out string? traceId, out string? traceState) =>
            (traceId, traceState) = (null, null);

        public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(object? carrier, PropagatorGetterCallback? getter) => null;
    }

    private sealed class NoExtraction(TextMapPropagator outgoing) : TextMapPropagator
    {
        public override ISet<string>? Fields => outgoing.Fields;

        public override void Inject<T>(PropagationContext context, T carrier, Action<T, string, string> setter) => outgoing.Inject(context, carrier, setter);

        public override PropagationContext Extract<T>(PropagationContext context, T carrier, Func<T, string, IEnumerable<string>?> getter) => context;
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
