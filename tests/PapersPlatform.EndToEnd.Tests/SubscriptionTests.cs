using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>Each user's own subscription: digest frequency and keyword alerts, validated, private.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SubscriptionTests(PlatformFixture platform)
{
    [Fact]
    public async Task PutThenGet_ReturnsTheStoredSubscriptionWithKeywordsOnce()
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();

        using var put = await client.Http.PutAsJsonAsync("/api/subscriptions",
            new { email = "reader@example.com", digest = "weekly", keywords = new[] { "diffusion models", " Diffusion Models ", "RLHF" } });
        await put.EnsureStatusAsync(HttpStatusCode.OK);

        var stored = await client.GetJsonAsync("/api/subscriptions");
        Assert.Equal("reader@example.com", stored.GetProperty("email").GetString());
        Assert.Equal("weekly", stored.GetProperty("digest").GetString());
        Assert.Equal(["diffusion models", "RLHF"], stored.GetProperty("keywords").EnumerateArray().Select(keyword => keyword.GetString()));
    }

    [Fact]
    public async Task Saves_Sent_At_Once_Are_Each_Answered_And_The_Keyword_Index_Matches_The_One_That_Stands()
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();

        // Found by deploy/fuzz.sh: two saves at once both rewrote the keyword index (a 500).
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            using var put = await client.Http.PutAsJsonAsync("/api/subscriptions", new { email = (string?)null, digest = "off", keywords = new[] { "shared words", $"only in save {i}" } });
            return put.StatusCode;
        }));

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        var stored = (await client.GetJsonAsync("/api/subscriptions")).GetProperty("keywords").EnumerateArray().Select(keyword => keyword.GetString()!).Order().ToArray();
        var indexed = await AdminDatabase.ScalarAsync<string>(
            "SELECT string_agg(keyword, '|' ORDER BY keyword) FROM notification.keyword_alerts WHERE user_name = $1", client.UserNameOrThrow());
        Assert.Equal(2, stored.Length);
        Assert.Equal(string.Join('|', stored), indexed);
    }

    [Fact]
    public async Task Get_ByAnotherUser_ShowsOnlyTheirOwnDefault()
    {
        using var first = platform.CreateClient();
        await first.SignUpAndSignInAsync();
        (await first.Http.PutAsJsonAsync("/api/subscriptions", new { email = "first@example.com", digest = "daily", keywords = new[] { "transformers" } })).Dispose();
        using var second = platform.CreateClient();
        await second.SignUpAndSignInAsync();

        var theirs = await second.GetJsonAsync("/api/subscriptions");

        Assert.Equal(JsonValueKind.Null, theirs.GetProperty("email").ValueKind);
        Assert.Equal("off", theirs.GetProperty("digest").GetString());
        Assert.Equal(0, theirs.GetProperty("keywords").GetArrayLength());
    }

    [Theory]
    [InlineData("not-an-email", "daily", "email")]
    [InlineData("reader@example.com", "hourly", "digest")]
    [InlineData(null, "daily", "email")] // a digest needs somewhere to go
    public async Task Put_InvalidField_Is400NamingItAndChangesNothing(string? email, string digest, string field)
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();

        using var response = await client.Http.PutAsJsonAsync("/api/subscriptions", new { email, digest, keywords = Array.Empty<string>() });

        await response.EnsureStatusAsync(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal("off", (await client.GetJsonAsync("/api/subscriptions")).GetProperty("digest").GetString());
    }

    [Fact]
    public async Task Put_TooManyBlankOrOverlongKeywords_Is400()
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();

        using var tooMany = await client.Http.PutAsJsonAsync("/api/subscriptions",
            new { email = "reader@example.com", digest = "off", keywords = Enumerable.Range(0, 21).Select(i => $"word{i}") });
        using var blank = await client.Http.PutAsJsonAsync("/api/subscriptions", new { email = "reader@example.com", digest = "off", keywords = new[] { "  " } });
        using var noWord = await client.Http.PutAsJsonAsync("/api/subscriptions", new { email = "reader@example.com", digest = "off", keywords = new[] { "-- !!" } });
        using var nineWords = await client.Http.PutAsJsonAsync("/api/subscriptions",
            new { email = "reader@example.com", digest = "off", keywords = new[] { "one two three four five six seven eight nine" } });

        await tooMany.EnsureStatusAsync(HttpStatusCode.BadRequest);
        await blank.EnsureStatusAsync(HttpStatusCode.BadRequest);
        await noWord.EnsureStatusAsync(HttpStatusCode.BadRequest);
        await nineWords.EnsureStatusAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Subscriptions_WithoutToken_Are401()
    {
        using var anonymous = platform.CreateClient();
        using var response = await anonymous.Http.GetAsync("/api/subscriptions");
        await response.EnsureStatusAsync(HttpStatusCode.Unauthorized);
    }
}
