using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>Upvote counts stay exact when many people, or one person's repeated clicks, arrive at once.</summary>
[Collection(PlatformCollection.Name)]
public sealed class UpvoteConcurrencyTests(PlatformFixture platform)
{
    [Fact]
    public async Task Upvote_TwentyUsersAtOnce_CountsTwenty()
    {
        using var submitter = platform.CreateClient();
        await submitter.SignUpAndSignInAsync();
        var arxivId = TestHelpers.UniqueArxivId();
        (await submitter.SubmitPaperAsync(arxivId)).Dispose();
        await submitter.WaitForPaperAsync(arxivId);
        var voters = new List<GatewayClient>();
        for (var i = 0; i < 20; i++)
        {
            var voter = platform.CreateClient();
            await voter.SignUpAndSignInAsync();
            voters.Add(voter);
        }

        var responses = await Task.WhenAll(voters.Select(voter => voter.Http.PostAsync($"/api/papers/{arxivId}/upvote", null)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        var paper = await submitter.GetJsonAsync($"/api/papers/{arxivId}");
        Assert.Equal(20, paper.GetProperty("upvotes").GetInt32());
        // Catalogue announced twenty votes; once trending has applied every one of them, it counts
        // twenty: a vote counted twice (or one lost) would show here, however long one waited.
        var announced = await AdminDatabase.OutboxMessageIdsAsync("catalogue", "PaperUpvoted", arxivId);
        Assert.Equal(20, announced.Count);
        foreach (var messageId in announced)
        {
            await AdminDatabase.WaitForInboxAsync("trending", messageId, "PaperUpvotedConsumer");
        }
        var explanation = await submitter.GetJsonAsync($"/api/trending/{arxivId}");
        Assert.Equal(20, explanation.GetProperty("inputs").GetProperty("upvotes").GetInt32());
        voters.ForEach(voter => voter.Dispose());
        Array.ForEach(responses, response => response.Dispose());
    }

    [Fact]
    public async Task Upvote_SameUserClickingFiveTimesAtOnce_CountsOnce()
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();
        var arxivId = TestHelpers.UniqueArxivId();
        (await client.SubmitPaperAsync(arxivId)).Dispose();
        await client.WaitForPaperAsync(arxivId);

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.Http.PostAsync($"/api/papers/{arxivId}/upvote", null)));

        foreach (var response in responses)
        {
            await response.EnsureStatusAsync(HttpStatusCode.OK);
            Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("upvotes").GetInt32());
            response.Dispose();
        }
        Assert.Equal(1, (await client.GetJsonAsync($"/api/papers/{arxivId}")).GetProperty("upvotes").GetInt32());
    }
}
