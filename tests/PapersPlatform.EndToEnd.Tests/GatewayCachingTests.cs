using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PapersPlatform.Testing;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>The gateway's output cache: anonymous reads only, keyed by the whole query.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayCachingTests(PlatformFixture platform)
{
    private static readonly Dictionary<string, string> LongCache = new() { ["Gateway__OutputCache__Duration"] = "00:01:00" };

    [Fact]
    public async Task An_Anonymous_Read_Is_Served_From_The_Cache_The_Second_Time_And_Another_Query_Is_Not()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(platform, "gateway-cache", LongCache);
        using var anonymous = gateway.Client();
        var day = DateTime.UtcNow.AddDays(-Random.Shared.Next(400, 4000)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal("MISS", await CacheHeaderAsync(anonymous, $"/api/papers?date={day}"));
        Assert.Equal("HIT", await CacheHeaderAsync(anonymous, $"/api/papers?date={day}"));
        Assert.Equal("MISS", await CacheHeaderAsync(anonymous, $"/api/papers?date={day}&sort=new"));
        Assert.Equal("MISS", await CacheHeaderAsync(anonymous, "/api/trending?window=week"));
        Assert.Equal("HIT", await CacheHeaderAsync(anonymous, "/api/trending?window=week"));
    }

    [Fact]
    public async Task Cached_Answers_Never_Show_Anyone_Elses_Vote_And_Signed_In_Answers_Are_Never_Cached()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(platform, "gateway-cache-votes", LongCache);
        using var voter = platform.CreateClient();
        await voter.SignUpAndSignInAsync("voter");
        var arxivId = await voter.SubmitAndWaitAsync();
        await (await voter.Http.PostAsync($"/api/papers/{arxivId}/upvote", null)).EnsureStatusAsync(HttpStatusCode.OK);
        using var asVoter = gateway.Client();
        asVoter.DefaultRequestHeaders.Authorization = voter.Http.DefaultRequestHeaders.Authorization;
        using var anonymous = gateway.Client(GatewayUnderTest.NewAddress());

        // The voter reads first: their answer (upvoted: true) must not be kept for anyone.
        using var voterRead = await asVoter.GetAsync($"/api/papers/{arxivId}");
        using var firstAnonymous = await anonymous.GetAsync($"/api/papers/{arxivId}");
        using var secondAnonymous = await anonymous.GetAsync($"/api/papers/{arxivId}");
        using var voterAgain = await asVoter.GetAsync($"/api/papers/{arxivId}");

        Assert.False(voterRead.Headers.Contains("X-Cache"));
        Assert.True((await voterRead.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("upvoted").GetBoolean());
        Assert.Equal("MISS", firstAnonymous.Headers.GetValues("X-Cache").Single());
        Assert.Equal("HIT", secondAnonymous.Headers.GetValues("X-Cache").Single());
        Assert.False((await secondAnonymous.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("upvoted", out _));
        Assert.False(voterAgain.Headers.Contains("X-Cache"));
        Assert.True((await voterAgain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("upvoted").GetBoolean());
    }

    private static async Task<string> CacheHeaderAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        await response.EnsureStatusAsync(HttpStatusCode.OK);
        return response.Headers.GetValues("X-Cache").Single();
    }
}
