using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>The web page's session at the gateway: an HttpOnly cookie that acts as the bearer token.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SessionTests(PlatformFixture platform)
{
    [Fact]
    public async Task SignIn_SetsAnHttpOnlyStrictCookie_ThatActsAsTheToken_UntilSignOut()
    {
        using var api = platform.CreateClient();
        var name = await api.SignUpAndSignInAsync("cookie");
        var arxivId = await NotificationTests.SubmitAsync(api, "A paper for the cookie test");
        await api.WaitForPaperAsync(arxivId);
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = platform.GatewayAddress };

        using var wrong = await browser.PostAsJsonAsync("/api/session", new { username = name, password = "not-the-password" });
        await wrong.EnsureStatusAsync(HttpStatusCode.Unauthorized);
        using var signIn = await browser.PostAsJsonAsync("/api/session", new { username = name, password = TestPassword(api) });
        await signIn.EnsureStatusAsync(HttpStatusCode.OK);

        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), header => header.StartsWith("papers_session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(name, (await browser.GetFromJsonAsync<JsonElement>("/api/session")).GetProperty("username").GetString());
        using var upvote = await browser.PostAsync($"/api/papers/{arxivId}/upvote", null);
        await upvote.EnsureStatusAsync(HttpStatusCode.OK);
        // The caller's own vote shows on the paper and in lists; an anonymous reader sees no such field.
        Assert.True((await browser.GetFromJsonAsync<JsonElement>($"/api/papers/{arxivId}")).GetProperty("upvoted").GetBoolean());
        var listed = (await browser.GetFromJsonAsync<JsonElement>($"/api/papers?submittedBy={api.UserNameOrThrow()}")).GetProperty("items")[0];
        Assert.True(listed.GetProperty("upvoted").GetBoolean());
        using var anonymous = platform.CreateClient();
        Assert.False((await anonymous.GetJsonAsync($"/api/papers/{arxivId}")).TryGetProperty("upvoted", out _));

        using var signOut = await browser.DeleteAsync("/api/session");
        await signOut.EnsureStatusAsync(HttpStatusCode.NoContent);
        Assert.Equal(JsonValueKind.Null, (await browser.GetFromJsonAsync<JsonElement>("/api/session")).GetProperty("username").ValueKind);
        using var afterSignOut = await browser.PostAsync($"/api/papers/{arxivId}/upvote", null);
        await afterSignOut.EnsureStatusAsync(HttpStatusCode.Unauthorized);
    }

    private static string TestPassword(GatewayClient client) => client.Password ?? throw new InvalidOperationException("Signed up without a password?");
}
