using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Messaging.Tests.ServiceDefaults;

/// <summary>
/// Which spans reach the exporter under Telemetry:TraceSampleRatio (the shared defaults have no
/// test project of their own; this one already builds against them). A collector added after the
/// sampling stands in for the exporter: it keeps what is marked recorded, as the exporter does.
/// </summary>
public sealed class TraceSamplingTests
{
    [Fact]
    public void At_Ratio_Zero_No_Trace_Is_Kept_But_A_Span_That_Ends_In_Error_Is()
    {
        var exported = Run(0, source =>
        {
            for (var i = 0; i < 100; i++)
            {
                using var fine = source.StartActivity("fine");
                Assert.NotNull(fine); // recorded, so that an error can still keep it
            }
            using var failed = source.StartActivity("failed");
            failed?.SetStatus(ActivityStatusCode.Error);
        });

        Assert.Equal(["failed"], exported);
    }

    [Fact]
    public void At_Ratio_One_Every_Trace_Is_Kept() =>
        Assert.Equal(50, Run(1, source => StartMany(source, 50)).Count);

    [Fact]
    public void At_A_Ratio_Between_About_That_Share_Of_Traces_Is_Kept()
    {
        var kept = Run(0.25, source => StartMany(source, 2_000)).Count;

        Assert.InRange(kept, 400, 600);
    }

    [Fact]
    public void A_Span_Follows_Its_Callers_Decision_Whatever_The_Ratio()
    {
        var sampledCaller = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        var unsampledCaller = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true);

        var exported = Run(0, source =>
        {
            using (source.StartActivity("kept by the caller", ActivityKind.Server, sampledCaller)) { }
            using (source.StartActivity("dropped by the caller", ActivityKind.Server, unsampledCaller)) { }
        });

        Assert.Equal(["kept by the caller"], exported);
    }

    private static void StartMany(ActivitySource source, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var _ = source.StartActivity("request");
        }
    }

    private static List<string> Run(double ratio, Action<ActivitySource> work)
    {
        var name = $"sampling-test-{Guid.NewGuid():N}";
        using var source = new ActivitySource(name);
        var exported = new List<string>();
        using (Sdk.CreateTracerProviderBuilder().AddSource(name).SampleByConfiguration(ratio).AddProcessor(new Exported(exported)).Build())
        {
            work(source);
        }
        return exported;
    }

    private sealed class Exported(List<string> names) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            if (data.Recorded)
            {
                names.Add(data.DisplayName);
            }
        }
    }
}
