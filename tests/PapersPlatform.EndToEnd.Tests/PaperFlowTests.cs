using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PapersPlatform.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class PaperFlowTests(PlatformFixture platform)
{
    [Fact]
    public Task SubmitThenUpvote_ReachesCatalogueTrendingAndSubmittersNotifications() => TestHelpers.OnOneUtcDayAsync(async () =>
    {
        using var submitter = platform.CreateClient();
        using var voter = platform.CreateClient();
        await submitter.SignUpAndSignInAsync("submitter");
        var voterName = await voter.SignUpAndSignInAsync("voter");
        var arxivId = TestHelpers.UniqueArxivId();

        using var submitted = await submitter.SubmitPaperAsync($"{arxivId}v3", "Attention Is Still All You Need");
        await submitted.EnsureStatusAsync(HttpStatusCode.Accepted);
        Assert.Equal($"/api/papers/{arxivId}", submitted.Headers.Location?.OriginalString);
        var accepted = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(arxivId, accepted.GetProperty("arxivId").GetString());
        Assert.Equal("accepted", accepted.GetProperty("status").GetString());

        var paper = await voter.WaitForPaperAsync(arxivId);
        Assert.Equal("Attention Is Still All You Need", paper.GetProperty("title").GetString());
        Assert.Equal(0, paper.GetProperty("upvotes").GetInt32());
        Assert.Equal(["Ada Lovelace", "Alan Turing"], paper.GetProperty("authors").EnumerateArray().Select(author => author.GetString()));

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var listing = await voter.Http.GetFromJsonAsync<JsonElement>($"/api/papers?date={today}&limit=100");
        Assert.Contains(listing.GetProperty("items").EnumerateArray(), item => item.GetProperty("arxivId").GetString() == arxivId);

        var first = await UpvoteAsync(voter, arxivId);
        Assert.Equal(1, first.GetProperty("upvotes").GetInt32());
        Assert.True(first.GetProperty("upvoted").GetBoolean());
        var second = await UpvoteAsync(voter, arxivId);
        Assert.Equal(1, second.GetProperty("upvotes").GetInt32());

        var shown = await voter.Http.GetFromJsonAsync<JsonElement>($"/api/papers/{arxivId}");
        Assert.Equal(1, shown.GetProperty("upvotes").GetInt32());

        var trending = await TestHelpers.EventuallyAsync(async () =>
        {
            var list = await voter.Http.GetFromJsonAsync<JsonElement>("/api/trending?window=day&limit=100");
            return list.GetProperty("items").EnumerateArray()
                .Where(item => item.GetProperty("arxivId").GetString() == arxivId && item.GetProperty("upvotes").GetInt32() == 1)
                .Select(item => (JsonElement?)item).FirstOrDefault();
        }, $"{arxivId} in today's trending list with its vote");
        Assert.Equal("Attention Is Still All You Need", trending.GetProperty("title").GetString());

        var notification = await TestHelpers.EventuallyAsync(async () =>
        {
            var list = await submitter.Http.GetFromJsonAsync<JsonElement>("/api/notifications?unread=true");
            // Its kind is upvote; the paper may also have entered the day's top 10 (a trending notification).
            return list.GetProperty("items").EnumerateArray()
                .Where(item => item.GetProperty("arxivId").GetString() == arxivId && item.GetProperty("kind").GetString() == "upvote")
                .Select(item => (JsonElement?)item).FirstOrDefault();
        }, "the submitter's upvote notification");
        Assert.Contains(voterName, notification.GetProperty("message").GetString());

        // The repeated upvote announced nothing: catalogue wrote one PaperUpvoted (in the vote's own
        // transaction, so the count is final), and the notification shown is the one it made.
        var announced = Assert.Single(await AdminDatabase.OutboxMessageIdsAsync("catalogue", "PaperUpvoted", arxivId));
        await AdminDatabase.WaitForInboxAsync("notification", announced, "PaperUpvotedConsumer");
        var all = await submitter.Http.GetFromJsonAsync<JsonElement>("/api/notifications");
        var upvoteNotification = Assert.Single(all.GetProperty("items").EnumerateArray(),
            item => item.GetProperty("arxivId").GetString() == arxivId && item.GetProperty("kind").GetString() == "upvote");
        Assert.Equal(1, upvoteNotification.GetProperty("count").GetInt32());
    });

    [Fact]
    public async Task WithdrawUpvote_LowersTheCountOnceAndMarksNotUpvoted()
    {
        using var submitter = platform.CreateClient();
        using var voter = platform.CreateClient();
        await submitter.SignUpAndSignInAsync("submitter");
        await voter.SignUpAndSignInAsync("voter");
        var arxivId = TestHelpers.UniqueArxivId();
        (await submitter.SubmitPaperAsync(arxivId)).Dispose();
        await voter.WaitForPaperAsync(arxivId);
        await UpvoteAsync(voter, arxivId);

        using var withdrawn = await voter.Http.DeleteAsync($"/api/papers/{arxivId}/upvote");
        await withdrawn.EnsureStatusAsync(HttpStatusCode.OK);
        var body = await withdrawn.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, body.GetProperty("upvotes").GetInt32());
        Assert.False(body.GetProperty("upvoted").GetBoolean());

        using var again = await voter.Http.DeleteAsync($"/api/papers/{arxivId}/upvote");
        Assert.Equal(0, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("upvotes").GetInt32());
    }

    private static async Task<JsonElement> UpvoteAsync(GatewayClient client, string arxivId)
    {
        using var response = await client.Http.PostAsync($"/api/papers/{arxivId}/upvote", null);
        await response.EnsureStatusAsync(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
