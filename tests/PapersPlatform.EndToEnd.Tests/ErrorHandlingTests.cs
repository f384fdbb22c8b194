using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>Bad input gets a clear problem+json answer and changes nothing.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ErrorHandlingTests(PlatformFixture platform)
{
    [Fact]
    public async Task SubmitPaper_WithoutToken_Is401ProblemAndStoresNothing()
    {
        using var anonymous = platform.CreateClient();
        var arxivId = TestHelpers.UniqueArxivId();

        using var response = await anonymous.SubmitPaperAsync(arxivId);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertNothingStoredAsync(arxivId);
    }

    [Fact]
    public async Task SubmitPaper_WithForgedToken_Is401()
    {
        using var client = platform.CreateClient();
        client.Http.DefaultRequestHeaders.Authorization = new("Bearer", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJl");

        using var response = await client.SubmitPaperAsync(TestHelpers.UniqueArxivId());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SubmitPaper_MalformedJson_Is400ProblemSayingWhatIsWrong()
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();

        using var response = await client.Http.PostAsync("/api/papers", new StringContent("{\"arxivId\": ", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.StartsWith("00-", problem.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task SubmitPaper_InvalidFields_Is400WithAnErrorPerField()
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();

        using var response = await client.Http.PostAsJsonAsync("/api/papers", new
        {
            arxivId = "not-an-id",
            title = "",
            @abstract = "Fine.",
            authors = Array.Empty<string>(),
            publishedAt = DateTime.UtcNow.AddDays(3),
            codeUrl = "ftp://example.com/code",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["arxivId", "authors", "codeUrl", "publishedAt", "title"], errors.EnumerateObject().Select(error => error.Name).Order());
    }

    [Fact]
    public async Task SubmitPaper_HugeBody_Is413ProblemAndStoresNothing()
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();
        var arxivId = TestHelpers.UniqueArxivId();

        using var response = await client.SubmitPaperAsync(arxivId, abstractText: new string('x', 400_000));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertNothingStoredAsync(arxivId);
    }

    /// <summary>
    /// Ingestion stores a paper and its announcement in one transaction before it answers: had a
    /// refused submission stored anything, it would be there now (the catalogue only later).
    /// </summary>
    private static async Task AssertNothingStoredAsync(string arxivId)
    {
        Assert.Equal(0, await AdminDatabase.ScalarAsync<long>("SELECT count(*) FROM ingestion.submissions WHERE arxiv_id = $1", arxivId));
        Assert.Empty(await AdminDatabase.OutboxMessageIdsAsync("ingestion", "PaperPublished", arxivId));
    }

    [Fact]
    public async Task SubmitPaper_SameIdTwice_SecondIs409NamingTheExistingPaper()
    {
        using var client = platform.CreateClient();
        var submitter = await client.SignUpAndSignInAsync();
        var arxivId = TestHelpers.UniqueArxivId();
        (await client.SubmitPaperAsync(arxivId, "The original")).Dispose();

        using var duplicate = await client.SubmitPaperAsync($"arXiv:{arxivId}v2", "A copy");

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        var existing = (await duplicate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("existing");
        Assert.Equal(arxivId, existing.GetProperty("arxivId").GetString());
        Assert.Equal("The original", existing.GetProperty("title").GetString());
        Assert.Equal(submitter, existing.GetProperty("submittedBy").GetString());
    }

    [Fact]
    public async Task GetPaper_Unknown_Is404Problem()
    {
        using var client = platform.CreateClient();

        using var response = await client.Http.GetAsync("/api/papers/0801.0001");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Upvote_UnknownPaper_Is404()
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();

        using var response = await client.Http.PostAsync("/api/papers/0801.0002/upvote", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Register_TakenUsername_Is409()
    {
        using var client = platform.CreateClient();
        var username = await client.SignUpAndSignInAsync();

        using var again = await client.Http.PostAsJsonAsync("/api/accounts", new { username = username.ToUpperInvariant(), email = "other@example.com", password = "long-enough-password" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Token_WrongPassword_Is401()
    {
        using var client = platform.CreateClient();
        var username = await client.SignUpAndSignInAsync();

        using var response = await client.Http.PostAsJsonAsync("/api/accounts/token", new { username, password = "wrong-password" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
