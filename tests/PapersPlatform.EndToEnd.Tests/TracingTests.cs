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
    private static readonly string[] EveryService = ["gateway", "ingestion", "catalogue", "trending", "notification"];

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

    private static HttpRequestMessage Traced(HttpMethod method, string path, string traceId)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
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
