using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PapersPlatform.Testing;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>The gateway's paper page: two services asked in parallel, and what is left when one is down.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PaperPageTests(PlatformFixture platform)
{
    [Fact]
    public async Task The_Page_Has_The_Paper_Its_Trending_Explanation_And_The_Callers_Own_Vote()
    {
        using var voter = platform.CreateClient();
        await voter.SignUpAndSignInAsync("voter");
        var arxivId = await voter.SubmitAndWaitAsync("A page in one request");
        await (await voter.Http.PostAsync($"/api/papers/{arxivId}/upvote", null)).EnsureStatusAsync(HttpStatusCode.OK);

        var page = await TestHelpers.EventuallyAsync(async () =>
        {
            var answer = await voter.GetJsonAsync($"/api/paper-pages/{arxivId}");
            return answer.GetProperty("trending").ValueKind == JsonValueKind.Object
                && answer.GetProperty("trending").GetProperty("inputs").GetProperty("upvotes").GetInt32() == 1 ? answer : (JsonElement?)null;
        }, "the paper page with its vote counted by trending");
        using var anonymous = platform.CreateClient();
        var anonymousPage = await anonymous.GetJsonAsync($"/api/paper-pages/{arxivId}");

        Assert.Equal("A page in one request", page.GetProperty("paper").GetProperty("title").GetString());
        Assert.True(page.GetProperty("upvoted").GetBoolean());
        Assert.Empty(page.GetProperty("unavailable").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, anonymousPage.GetProperty("upvoted").ValueKind);
        Assert.Equal(arxivId, anonymousPage.GetProperty("paper").GetProperty("arxivId").GetString());
    }

    [Fact]
    public async Task An_Unknown_Paper_Is_404_And_A_Path_That_Is_Not_An_Id_Is_400()
    {
        using var client = platform.CreateClient();
        using var unknown = await client.Http.GetAsync("/api/paper-pages/2401.99999");
        using var walking = await client.Http.GetAsync("/api/paper-pages/..%2F..%2Fhealth");

        await unknown.EnsureStatusAsync(HttpStatusCode.NotFound);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        await walking.EnsureStatusAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task With_The_Trending_Service_Down_The_Page_Still_Has_The_Paper_And_Says_What_Is_Missing()
    {
        using var submitter = platform.CreateClient();
        await submitter.SignUpAndSignInAsync();
        var arxivId = await submitter.SubmitAndWaitAsync();
        // A gateway whose trending cluster is one address where nothing listens.
        await using var gateway = await GatewayUnderTest.StartAsync(platform, "gateway-trending-down", new Dictionary<string, string>
        {
            ["ReverseProxy__Clusters__trending__Destinations__primary__Address"] = $"http://127.0.0.1:{FreePort.Next()}",
        }, waitForEveryService: false);
        using var reader = gateway.Client();

        var page = await reader.GetFromJsonAsync<JsonElement>($"/api/paper-pages/{arxivId}");
        var health = await reader.GetAsync("/health");

        Assert.Equal(arxivId, page.GetProperty("paper").GetProperty("arxivId").GetString());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("trending").ValueKind);
        Assert.Equal("trending", Assert.Single(page.GetProperty("unavailable").EnumerateArray()).GetString());
        // The gateway stays ready (200) and says which service is down, without exception text.
        await health.EnsureStatusAsync(HttpStatusCode.OK);
        var report = await health.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Degraded", report.GetProperty("status").GetString());
        var trending = report.GetProperty("checks").EnumerateArray().Single(check => check.GetProperty("name").GetString() == "trending");
        Assert.Equal("0 of 1 instances answering.", trending.GetProperty("description").GetString());
        using var alive = await reader.GetAsync("/alive");
        await alive.EnsureStatusAsync(HttpStatusCode.OK);
    }
}
