using PapersPlatform.Testing.Fuzzing;
using Xunit.Abstractions;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>
/// The hostile-input tool (deploy/fuzz.sh) at a small size with a fixed seed: every operation of
/// every OpenAPI document at the gateway gets hostile paths, queries, bodies, headers and tokens.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FuzzTests(PlatformFixture platform, ITestOutputHelper output)
{
    private const int Seed = 20261201;

    [Fact]
    public async Task Two_thousand_hostile_requests_get_no_5xx_no_dropped_connection_only_problem_answers_and_write_nothing()
    {
        var verdict = await FuzzRun.RunAsync(platform.GatewayAddress, Seed, count: 2_000, concurrency: 8);

        var report = FuzzRun.Render(verdict, Seed);
        output.WriteLine(report);
        Assert.True(verdict.Results.Select(result => result.Case.Operation.Name).Distinct().Count() >= 20, report);
        Assert.True(verdict.IsClean, report);
    }
}
