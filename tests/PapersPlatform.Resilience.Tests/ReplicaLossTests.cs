using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PapersPlatform.Testing.Faults;
using Xunit.Abstractions;

namespace PapersPlatform.Resilience.Tests;

/// <summary>
/// Two instances of every service that consumes or relays and two gateways in front of them; in
/// the middle of a stream of submissions and votes one instance of each is killed for good. The
/// gateways eject the dead ones, after which nothing is answered 5xx; nothing is lost or counted
/// twice; and a reader's live stream, which may have run through a dead instance, carries on on
/// the other one from where it was (Last-Event-ID), as a browser's EventSource would.
/// </summary>
[Collection(ResilienceCollection.Name)]
public sealed class ReplicaLossTests(TwoInstancesPlatform platform, ITestOutputHelper output)
{
    /// <summary>The instances killed: the second of each scaled service.</summary>
    private static readonly string[] Victims = [.. PlatformFixture.ScaledServices.Select(service => $"{service}-2")];

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Losing_One_Instance_Of_Every_Service_Behind_Two_Gateways_Fails_Nothing_After_Ejection_And_Loses_Nothing()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var (secondGateway, secondAddress) = await platform.StartGatewayAsync("gateway-b", new Dictionary<string, string>());
        await using var _ = secondGateway;
        Uri[] gateways = [platform.GatewayAddress, secondAddress];
        try
        {
            // A reader follows a keyword on the second gateway's live stream; an author submits
            // papers with it through the first.
            var word = TestHelpers.UniqueWord();
            using var reader = new GatewayClient(secondAddress);
            await reader.SignUpAndSignInAsync("reader");
            using (var saved = await reader.Http.PutAsJsonAsync("/api/subscriptions", new { email = (string?)null, digest = "off", keywords = new[] { word } }))
            {
                await saved.EnsureStatusAsync(HttpStatusCode.OK);
            }
            using var author = new GatewayClient(platform.GatewayAddress);
            await author.SignUpAndSignInAsync("author");
            await using var stream = new FollowedStream(reader.Http, new Uri(secondAddress, "/api/notifications/stream"));
            var alerted = new List<string> { await SubmitAsync(author, word) };
            await stream.WaitForAsync(alerted, stop.Token);

            // The workload on both gateways; the victims die once its votes flow.
            var workload = new Workload(gateways, new WorkloadOptions(Users: 16, Papers: 20, Upvotes: 300, Concurrency: 8, RequestsPerSecond: 30));
            var running = workload.RunAsync(stop.Token);
            // A workload that fails before its votes says why at once, not when the test times out.
            if (await Task.WhenAny(workload.VotingStarted, running) == running)
            {
                await running;
            }
            await Task.Delay(TimeSpan.FromSeconds(2), stop.Token);
            foreach (var victim in Victims)
            {
                await Process(victim).KillAsync();
            }
            var kills = new FaultSchedule(platform, TimeSpan.Zero, rounds: 0);
            kills.Log.Add($"{string.Join(", ", Victims)} kill -9 for good, 2 s into the votes, at {DateTime.UtcNow:HH:mm:ss.f}");
            kills.Counts["second instance kill -9"] = Victims.Length;
            var ledger = await running;

            // Ejected: each gateway counts one instance of each service answering.
            foreach (var gateway in gateways)
            {
                await TestHelpers.EventuallyAsync(async () => await OneOfTwoAnsweringAsync(gateway) ? "" : null,
                    $"{gateway} to eject the killed instances", TimeSpan.FromSeconds(60));
            }

            // After ejection: reads that reach the services (signed in: never from the cache) and
            // votes, through both gateways, and more papers for the reader's stream.
            var answers = new List<HttpStatusCode>();
            using var voter = new GatewayClient(secondAddress);
            await voter.SignUpAndSignInAsync("voter");
            for (var i = 0; i < 3; i++)
            {
                alerted.Add(await SubmitAsync(author, word));
            }
            foreach (var arxivId in alerted)
            {
                await author.WaitForPaperAsync(arxivId, TimeSpan.FromSeconds(30));
            }
            for (var round = 0; round < 40; round++)
            {
                foreach (var client in new[] { author, voter, reader })
                {
                    answers.Add(await StatusAsync(client.Http.GetAsync($"/api/papers/{alerted[round % alerted.Count]}")));
                    answers.Add(await StatusAsync(client.Http.GetAsync("/api/trending?window=day")));
                    answers.Add(await StatusAsync(client.Http.GetAsync("/api/notifications")));
                }
            }
            foreach (var arxivId in alerted)
            {
                answers.Add(await StatusAsync(voter.Http.PostAsync($"/api/papers/{arxivId}/upvote", null)));
            }
            await stream.WaitForAsync(alerted, stop.Token);

            var verdict = await EffectChecker.DrainAsync(ledger, TestEnvironment.DatabaseAdmin, DrainTimeout, stop.Token);
            var report = FaultReport.Render(verdict, ledger, kills);
            output.WriteLine(report);
            output.WriteLine($"the reader's stream: {stream.Reconnects} reconnection(s), events {string.Join(", ", stream.EventIds)}");

            Assert.True(verdict.IsClean, report);
            Assert.All(answers, status => Assert.True((int)status < 500, $"answered {(int)status} after the dead instances were ejected"));
            Assert.Equal(answers.Count, answers.Count(status => status == HttpStatusCode.OK));
            Assert.Equal(alerted.Order(), stream.ArxivIds.Order());
            Assert.Equal(stream.EventIds.Distinct().Count(), stream.EventIds.Count);
        }
        finally
        {
            // The next test of the collection gets its two instances back.
            foreach (var victim in Victims.Where(victim => Process(victim).HasExited))
            {
                Process(victim).Start();
            }
            await platform.WaitUntilHealthyAsync();
        }
    }

    private ServiceProcess Process(string name) => platform.Processes.Single(process => process.Name == name);

    private static async Task<string> SubmitAsync(GatewayClient author, string word)
    {
        var arxivId = TestHelpers.UniqueArxivId();
        using var response = await author.SubmitPaperAsync(arxivId, $"Surviving the loss of a {word} replica");
        await response.EnsureStatusAsync(HttpStatusCode.Accepted);
        return arxivId;
    }

    private static async Task<HttpStatusCode> StatusAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        return response.StatusCode;
    }

    /// <summary>Whether the gateway's /health counts one of two instances answering for every scaled service.</summary>
    private static async Task<bool> OneOfTwoAnsweringAsync(Uri gateway)
    {
        using var http = new HttpClient { BaseAddress = gateway };
        var health = await http.GetFromJsonAsync<JsonElement>("/health");
        var checks = health.GetProperty("checks").EnumerateArray()
            .ToDictionary(check => check.GetProperty("name").GetString()!, check => check.GetProperty("description").GetString());
        return PlatformFixture.ScaledServices.All(service => checks.GetValueOrDefault(service)?.StartsWith("1 of 2", StringComparison.Ordinal) == true);
    }
}
