using System.Net.Http.Json;
using System.Text.Json;

namespace PapersPlatform.Resilience.Tests;

/// <summary>
/// A message a consumer cannot process lands in its _error queue after MassTransit's retries, and
/// the documented replay (deploy/scripts/replay-dead-letters.sh) brings it back to be applied once
/// the cause is fixed. The cause here: a constraint (as a bad deploy might add) that refuses one
/// paper in trending's table, dropped again before the replay.
/// </summary>
[Collection(ResilienceCollection.Name)]
public sealed class DeadLetterTests(TwoInstancesPlatform platform)
{
    private const string Queue = "trending-paper-published";

    [Fact]
    public async Task FailingMessage_LandsInErrorQueueAfterRetries_AndReplayAppliesIt()
    {
        using var broker = new Broker();
        var arxivId = TestHelpers.UniqueArxivId();
        var constraint = $"refuses_{arxivId.Replace('.', '_')}";
        var deadBefore = await broker.MessagesInAsync($"{Queue}_error") ?? 0;
        await AdminDatabase.ExecuteAsync($"ALTER TABLE trending.papers ADD CONSTRAINT {constraint} CHECK (arxiv_id <> '{arxivId}') NOT VALID");
        try
        {
            await broker.DeliverAsync(Queue, "PaperPublished", new
            {
                arxivId, title = "Refused for now", @abstract = "A paper the bad deploy refuses.", authors = new[] { "Ada Lovelace" },
                organization = (string?)null, publishedAt = DateTimeOffset.UtcNow, submittedAt = DateTimeOffset.UtcNow, submittedBy = "someone",
                codeUrl = (string?)null, projectUrl = (string?)null,
            });
            await TestHelpers.EventuallyAsync(async () => await broker.MessagesInAsync($"{Queue}_error") == deadBefore + 1 ? (bool?)true : null,
                $"the publication in {Queue}_error", TimeSpan.FromSeconds(60));
        }
        finally
        {
            await AdminDatabase.ExecuteAsync($"ALTER TABLE trending.papers DROP CONSTRAINT IF EXISTS {constraint}");
        }
        using var reader = platform.CreateClient();
        using (var missing = await reader.Http.GetAsync($"/api/trending/{arxivId}"))
        {
            Assert.False(missing.IsSuccessStatusCode, "the refused paper is in trending before the replay");
        }

        await DeadLetterTool.RunAsync(Queue);

        await TestHelpers.EventuallyAsync(async () =>
        {
            using var response = await reader.Http.GetAsync($"/api/trending/{arxivId}");
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : (JsonElement?)null;
        }, "the replayed paper in trending", TimeSpan.FromSeconds(30));
    }
}
