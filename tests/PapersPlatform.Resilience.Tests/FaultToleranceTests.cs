using PapersPlatform.Testing.Faults;
using Xunit.Abstractions;

namespace PapersPlatform.Resilience.Tests;

/// <summary>
/// A Jepsen-style check: a stream of submissions and upvotes from many users through the gateway
/// while RabbitMQ, each consuming service and PostgreSQL crash and come back; then heal, drain and
/// count. Every request that got a 2xx has exactly one effect in every service that should see
/// it; failed requests are all-or-nothing.
/// </summary>
[Collection(ResilienceCollection.Name)]
public sealed class FaultToleranceTests(TwoInstancesPlatform platform, ITestOutputHelper output)
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task SubmitAndUpvoteStream_WithCrashes_EveryAcceptedRequestAppliedExactlyOnce()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var faults = new FaultSchedule(platform, pause: TimeSpan.FromSeconds(2), rounds: 1);
        var faultRun = faults.RunAsync(stop.Token);
        var ledger = await new Workload(platform.GatewayAddress, WorkloadOptions.Suite).RunAsync(stop.Token);
        await faultRun;

        await platform.WaitUntilHealthyAsync();
        var verdict = await EffectChecker.DrainAsync(ledger, TestEnvironment.DatabaseAdmin, DrainTimeout, stop.Token);

        var report = FaultReport.Render(verdict, ledger, faults);
        output.WriteLine(report);
        await FaultReport.SaveAsync("fault-test.txt", report);
        Assert.True(verdict.IsClean, report);
        Assert.True(ledger.Votes.Values.Count(history => history.Outcome == Outcome.Accepted) > WorkloadOptions.Suite.Upvotes / 2,
            $"Too few upvotes went through for the check to mean anything:\n{report}");
    }
}
