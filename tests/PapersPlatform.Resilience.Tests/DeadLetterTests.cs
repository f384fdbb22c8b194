using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace PapersPlatform.Resilience.Tests;

/// <summary>
/// A message a consumer cannot process lands in its _error queue after MassTransit's retries, and
/// the documented replay (deploy/scripts/replay-dead-letters.sh) brings it back to be applied.
/// The message: an upvote withdrawal that overtook its paper, which trending cannot apply yet.
/// </summary>
[Collection(ResilienceCollection.Name)]
public sealed class DeadLetterTests(PlatformFixture platform)
{
    private const string Queue = "trending-paper-upvote-withdrawn";

    [Fact]
    public async Task FailingMessage_LandsInErrorQueueAfterRetries_AndReplayAppliesIt()
    {
        using var management = ManagementClient();
        var arxivId = TestHelpers.UniqueArxivId();
        var deadBefore = await MessagesInAsync(management, $"{Queue}_error") ?? 0;
        await PublishWithdrawalAsync(management, arxivId);

        await TestHelpers.EventuallyAsync(async () => await MessagesInAsync(management, $"{Queue}_error") == deadBefore + 1 ? (bool?)true : null,
            $"the withdrawal in {Queue}_error", TimeSpan.FromSeconds(60));

        // The paper and an upvote arrive; trending counts the vote.
        using var submitter = platform.CreateClient();
        using var voter = platform.CreateClient();
        await submitter.SignUpAndSignInAsync("submitter");
        await voter.SignUpAndSignInAsync("voter");
        (await submitter.SubmitPaperAsync(arxivId)).Dispose();
        await voter.WaitForPaperAsync(arxivId);
        (await voter.Http.PostAsync($"/api/papers/{arxivId}/upvote", null)).Dispose();
        await TestHelpers.EventuallyAsync(() => TrendingUpvotesAsync(voter, arxivId, expected: 1), "the vote in trending");

        await ReplayAsync();

        await TestHelpers.EventuallyAsync(() => TrendingUpvotesAsync(voter, arxivId, expected: 0), "the replayed withdrawal applied in trending", TimeSpan.FromSeconds(30));
    }

    private static HttpClient ManagementClient()
    {
        var client = new HttpClient { BaseAddress = new Uri(TestEnvironment.RabbitMqManagement) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        return client;
    }

    /// <summary>Publishes a MassTransit envelope to the message type's exchange, as a producer's relay would.</summary>
    private static async Task PublishWithdrawalAsync(HttpClient management, string arxivId)
    {
        var messageId = Guid.NewGuid();
        var envelope = JsonSerializer.Serialize(new
        {
            messageId,
            messageType = new[] { "urn:message:PapersPlatform.Contracts:PaperUpvoteWithdrawn" },
            message = new { arxivId, votedBy = "someone", upvotes = 0, votedAt = DateTimeOffset.UtcNow, withdrawnAt = DateTimeOffset.UtcNow },
            sentTime = DateTimeOffset.UtcNow,
        });
        using var response = await management.PostAsJsonAsync("/api/exchanges/%2F/PapersPlatform.Contracts%3APaperUpvoteWithdrawn/publish", new
        {
            properties = new { content_type = "application/vnd.masstransit+json", delivery_mode = 2, message_id = messageId.ToString() },
            routing_key = "",
            payload = envelope,
            payload_encoding = "string",
        });
        await response.EnsureStatusAsync(HttpStatusCode.OK);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("routed").GetBoolean(), "the exchange routed the message to no queue");
    }

    private static async Task<int?> MessagesInAsync(HttpClient management, string queue)
    {
        using var response = await management.GetAsync($"/api/queues/%2F/{queue}");
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        // Ready plus unacknowledged; the management API refreshes it every few seconds.
        return body.TryGetProperty("messages", out var messages) ? messages.GetInt32() : null;
    }

    private static async Task ReplayAsync()
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "scripts", "replay-dead-letters.sh"), Queue])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["RABBITMQ_MANAGEMENT_URL"] = TestEnvironment.RabbitMqManagement;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, output);
    }

    private static async Task<bool?> TrendingUpvotesAsync(GatewayClient client, string arxivId, int expected)
    {
        using var response = await client.Http.GetAsync($"/api/trending/{arxivId}");
        return response.IsSuccessStatusCode
            && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("inputs").GetProperty("upvotes").GetInt32() == expected ? true : null;
    }
}
