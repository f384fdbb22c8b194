using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PapersPlatform.Testing;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>Security headers on every answer, the HTTPS session cookie, and cross-site writes refused.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewaySecurityTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/papers/2401.00001")]
    [InlineData("/api/trending?window=day")]
    [InlineData("/api/papers/9999.99999")]
    [InlineData("/health")]
    public async Task Every_Answer_Carries_The_Security_Headers(string path)
    {
        using var client = platform.CreateClient();
        using var response = await client.Http.GetAsync(path);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("style-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS only over HTTPS.");
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Over_Https_Behind_A_Trusted_Proxy_The_Answer_Has_Hsts_And_The_Cookie_Is_Secure_And_Host_Prefixed()
    {
        using var account = platform.CreateClient();
        var name = await account.SignUpAndSignInAsync("secure");
        await using var gateway = await GatewayUnderTest.StartAsync(platform, "gateway-https", new Dictionary<string, string>());
        using var browser = gateway.Client();
        // As a TLS-terminating proxy in front of it says (HSTS is never sent for a loopback host).
        browser.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        browser.DefaultRequestHeaders.Add("X-Forwarded-Host", "papers.example");

        using var signIn = await browser.PostAsJsonAsync("/api/session", new { username = name, password = account.Password });

        await signIn.EnsureStatusAsync(HttpStatusCode.OK);
        Assert.StartsWith("max-age=", signIn.Headers.GetValues("Strict-Transport-Security").Single());
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("__Host-papers_session=", cookie);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);

        // The prefixed cookie is the session over HTTPS.
        using var session = new HttpRequestMessage(HttpMethod.Get, "/api/session");
        session.Headers.Add("Cookie", cookie.Split(';')[0]);
        using var who = await browser.SendAsync(session);
        Assert.Equal(name, (await who.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("username").GetString());

        // Over HTTPS a plain-named cookie (planted over HTTP, or by a sibling host) is no session.
        using var planted = new HttpRequestMessage(HttpMethod.Get, "/api/session");
        planted.Headers.Add("Cookie", "papers_session=" + cookie.Split(';')[0].Split('=', 2)[1]);
        using var nobody = await browser.SendAsync(planted);
        Assert.Equal(JsonValueKind.Null, (await nobody.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("username").ValueKind);
    }

    [Fact]
    public async Task A_Cross_Site_Write_With_The_Session_Cookie_Is_Refused_And_A_Same_Origin_One_Is_Not()
    {
        using var account = platform.CreateClient();
        var name = await account.SignUpAndSignInAsync("csrf");
        var arxivId = await account.SubmitAndWaitAsync();
        using var browser = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = platform.GatewayAddress };
        using var signIn = await browser.PostAsJsonAsync("/api/session", new { username = name, password = account.Password });
        await signIn.EnsureStatusAsync(HttpStatusCode.OK);

        using var forged = new HttpRequestMessage(HttpMethod.Post, $"/api/papers/{arxivId}/upvote");
        forged.Headers.Add("Sec-Fetch-Site", "cross-site");
        forged.Headers.Add("Origin", "https://attacker.example");
        using var refused = await browser.SendAsync(forged);
        using var fromAnotherOrigin = new HttpRequestMessage(HttpMethod.Post, $"/api/papers/{arxivId}/upvote");
        fromAnotherOrigin.Headers.Add("Origin", "https://attacker.example");
        using var refusedByOrigin = await browser.SendAsync(fromAnotherOrigin);
        using var forcedSignIn = new HttpRequestMessage(HttpMethod.Post, "/api/session") { Content = JsonContent.Create(new { username = name, password = account.Password }) };
        forcedSignIn.Headers.Add("Sec-Fetch-Site", "cross-site");
        using var refusedSignIn = await browser.SendAsync(forcedSignIn);

        foreach (var response in new[] { refused, refusedByOrigin, refusedSignIn })
        {
            await response.EnsureStatusAsync(HttpStatusCode.Forbidden);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(0, (await account.GetJsonAsync($"/api/papers/{arxivId}")).GetProperty("upvotes").GetInt32());

        using var own = new HttpRequestMessage(HttpMethod.Post, $"/api/papers/{arxivId}/upvote");
        own.Headers.Add("Sec-Fetch-Site", "same-origin");
        own.Headers.Add("Origin", platform.GatewayAddress.GetLeftPart(UriPartial.Authority));
        using var allowed = await browser.SendAsync(own);
        await allowed.EnsureStatusAsync(HttpStatusCode.OK);
    }
}
