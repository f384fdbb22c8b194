using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>The daily submission limit, and races between identical submissions.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SubmissionRulesTests(PlatformFixture platform)
{
    [Fact]
    public Task Submit_PastTheDailyLimit_Is429WithRetryAfterAndStoresNothing() => TestHelpers.OnOneUtcDayAsync(async () =>
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();
        for (var i = 0; i < PlatformFixture.DailySubmissionLimit; i++)
        {
            using var accepted = await client.SubmitPaperAsync(TestHelpers.UniqueArxivId());
            await accepted.EnsureStatusAsync(HttpStatusCode.Accepted);
        }

        var refusedId = TestHelpers.UniqueArxivId();
        using var refused = await client.SubmitPaperAsync(refusedId);

        await refused.EnsureStatusAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(PlatformFixture.DailySubmissionLimit, problem.GetProperty("limit").GetInt32());

        // Someone else may still submit; the refused paper was never stored.
        using var other = platform.CreateClient();
        await other.SignUpAndSignInAsync();
        using var fresh = await other.SubmitPaperAsync(refusedId);
        await fresh.EnsureStatusAsync(HttpStatusCode.Accepted);
    });

    [Fact]
    public Task Submit_RacingRequestsAtTheLimit_AcceptExactlyUpToIt() => TestHelpers.OnOneUtcDayAsync(async () =>
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();
        for (var i = 0; i < PlatformFixture.DailySubmissionLimit - 1; i++)
        {
            (await client.SubmitPaperAsync(TestHelpers.UniqueArxivId())).Dispose();
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.SubmitPaperAsync(TestHelpers.UniqueArxivId())));

        Assert.Equal(1, responses.Count(response => response.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(3, responses.Count(response => response.StatusCode == HttpStatusCode.TooManyRequests));
        Array.ForEach(responses, response => response.Dispose());
    });

    [Fact]
    public async Task Submit_SamePaperRacingFromTwoUsers_OneAcceptedOneConflictNamingIt()
    {
        using var first = platform.CreateClient();
        await first.SignUpAndSignInAsync();
        using var second = platform.CreateClient();
        await second.SignUpAndSignInAsync();
        var arxivId = TestHelpers.UniqueArxivId();

        var responses = await Task.WhenAll(first.SubmitPaperAsync(arxivId, "Racing"), second.SubmitPaperAsync($"{arxivId}v2", "Racing"));

        Assert.Single(responses, response => response.StatusCode == HttpStatusCode.Accepted);
        var conflict = Assert.Single(responses, response => response.StatusCode == HttpStatusCode.Conflict);
        var problem = await conflict.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(arxivId, problem.GetProperty("existing").GetProperty("arxivId").GetString());
        Array.ForEach(responses, response => response.Dispose());
    }
}
