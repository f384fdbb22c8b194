using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>
/// A user's submit → upvote chain is one trace in the Aspire dashboard, across the gateway, the
/// services, the outbox relays and RabbitMQ. The test plays a traced client: both requests carry
/// the same W3C trace id, as a browser or SDK with tracing would send it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TracingTests(PlatformFixture platform)
{
    private static readonly string[] EveryService = ["gateway", "ingestion", "catalogue", "trending", "notification", "embeddings"];

    [Fact]
    public async Task SubmitAndUpvote_AppearAsOneTraceCoveringEveryService()
    {
        var dashboard = TestEnvironment.Dashboard
            ?? throw new InvalidOperationException("PAPERS_TEST_DASHBOARD is not set: deploy/test.sh runs the Aspire dashboard for this test.");
        using var submitter = platform.CreateClient();
        using var voter = platform.CreateClient();
        await submitter.SignUpAndSignInAsync("submitter");
        await voter.SignUpAndSignInAsync("voter");
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var arxivId = TestHelpers.UniqueArxivId();

        using (var submit = Traced(HttpMethod.Post, "/api/papers", traceId))
        {
            submit.Content = JsonContent.Create(new { arxivId, title = "Traced", @abstract = "One trace.", authors = new[] { "T. Racer" }, publishedAt = "2024-05-01" });
            using var response = await submitter.Http.SendAsync(submit);
            await response.EnsureStatusAsync(HttpStatusCode.Accepted);
        }
        await voter.WaitForPaperAsync(arxivId);
        using (var upvote = Traced(HttpMethod.Post, $"/api/papers/{arxivId}/upvote", traceId))
        {
            using var response = await voter.Http.SendAsync(upvote);
            await response.EnsureStatusAsync(HttpStatusCode.OK);
        }

        using var telemetry = new HttpClient { BaseAddress = new Uri(dashboard) };
        var seen = await TestHelpers.EventuallyAsync(async () =>
        {
            var services = await ServicesInTraceAsync(telemetry, traceId);
            return EveryService.All(services.Contains) ? services : null;
        }, $"trace {traceId} to reach every service in the dashboard", TimeSpan.FromSeconds(30));

        Assert.Superset(EveryService.ToHashSet(), seen);
    }

    [Fact]
    public async Task At_A_Public_Edge_Below_A_Sample_Ratio_Of_One_A_Trace_Not_Kept_Is_Not_Exported_But_A_Span_That_Ends_In_Error_Is()
    {
        var dashboard = TestEnvironment.Dashboard
            ?? throw new InvalidOperationException("PAPERS_TEST_DASHBOARD is not set: deploy/test.sh runs the Aspire dashboard for this test.");
        // Keeps no trace at all, ignores what callers ask for, and its catalogue is an address where nothing listens.
        await using var gateway = await GatewayUnderTest.StartAsync(platform, "gateway-sampled", new Dictionary<string, string>
        {
            ["Telemetry__TraceSampleRatio"] = "0",
            ["Telemetry__IgnoreIncomingTraceContext"] = "true",
            ["ReverseProxy__Clusters__catalogue__Destinations__primary__Address"] = $"http://127.0.0.1:{FreePort.Next()}",
        }, waitForEveryService: false);
        using var http = gateway.Client();
        var fine = ActivityTraceId.CreateRandom().ToHexString();

        // The caller asks for this one to be traced ("sampled"): a public edge does not listen.
        using (var request = Traced(HttpMethod.Get, "/api/trending", fine, sampled: true))
        using (var response = await http.SendAsync(request))
        {
            await response.EnsureStatusAsync(HttpStatusCode.OK);
        }
        string failed;
        using (var request = Traced(HttpMethod.Get, "/api/papers/2401.00001", ActivityTraceId.CreateRandom().ToHexString(), sampled: true))
        using (var response = await http.SendAsync(request))
        {
            Assert.True((int)response.StatusCode >= 500, $"expected a 5xx from a dead catalogue, got {(int)response.StatusCode}");
            // The gateway began a trace of its own: its id is in the problem ("00-{trace id}-{span id}-{flags}").
            failed = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("traceId").GetString()!.Split('-')[1];
        }

        using var telemetry = new HttpClient { BaseAddress = new Uri(dashboard) };
        await TestHelpers.EventuallyAsync(async () => (await ServicesInTraceAsync(telemetry, failed)).Contains("gateway") ? (bool?)true : null,
            $"the failed request's span (trace {failed}) in the dashboard", TimeSpan.FromSeconds(30));
        // Both went out in the same export batches: had the first been kept, it would be there by now.
        var leaked = await ServicesInTraceAsync(telemetry, fine);
        Assert.True(leaked.Count == 0, $"the trace the caller asked for reached the dashboard from: {string.Join(", ", leaked)}");
    }

    private static HttpRequestMessage Traced(HttpMethod method, string path, string traceId, bool sampled = true)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-{(sampled ? "01" : "00")}");
        return request;
    }

    private static async Task<HashSet<string>> ServicesInTraceAsync(HttpClient telemetry, string traceId)
    {
        using var response = await telemetry.GetAsync($"/api/telemetry/traces/{traceId}");
        if (!response.IsSuccessStatusCode)
        {
            return [];
        }
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("data").GetProperty("resourceSpans").EnumerateArray()
            .SelectMany(spans => spans.GetProperty("resource").GetProperty("attributes").EnumerateArray())
            .Where(attribute => attribute.GetProperty("key").GetString() == "service.name")
            .Select(attribute => attribute.GetProperty("value").GetProperty("stringValue").GetString()!)
            .ToHashSet();
    }
}
