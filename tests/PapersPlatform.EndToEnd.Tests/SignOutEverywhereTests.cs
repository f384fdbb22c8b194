using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>
/// "Sign out everywhere": every token issued to the account before it stops working at the
/// gateway and at every service that takes tokens, asked directly; a new sign-in works.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SignOutEverywhereTests(PlatformFixture platform)
{
    /// <summary>One request per service that needs a token, and the status it gives a current token.</summary>
    private static readonly (string Service, HttpMethod Method, string Path, HttpStatusCode WhenCurrent)[] SignedInRequests =
    [
        ("accounts", HttpMethod.Get, "/api/accounts/me", HttpStatusCode.OK),
        ("notification", HttpMethod.Get, "/api/subscriptions", HttpStatusCode.OK),
        ("catalogue", HttpMethod.Post, "/api/papers/2401.99999/upvote", HttpStatusCode.NotFound),
        ("ingestion", HttpMethod.Post, "/api/papers", HttpStatusCode.BadRequest),
    ];

    [Fact]
    public async Task Tokens_Issued_Before_Sign_Out_Everywhere_Stop_Working_At_Every_Service_And_A_New_Sign_In_Works()
    {
        using var laptop = platform.CreateClient();
        var username = await laptop.SignUpAndSignInAsync("everywhere");
        using var phone = platform.CreateClient();
        var phoneToken = await SignInAsync(phone, username, laptop.Password!);
        foreach (var request in SignedInRequests)
        {
            Assert.Equal(request.WhenCurrent, await SendDirectAsync(request, phoneToken));
        }
        Assert.Equal(username, await GatewaySeesAsync(phoneToken));

        using var signOut = await laptop.Http.PostAsync("/api/accounts/me/sign-out-everywhere", null);
        await signOut.EnsureStatusAsync(HttpStatusCode.NoContent);

        // Each service remembers a "current" answer for a second in tests (Auth:TokenCheckSeconds).
        foreach (var request in SignedInRequests)
        {
            await TestHelpers.EventuallyAsync(async () => await SendDirectAsync(request, phoneToken) == HttpStatusCode.Unauthorized ? (bool?)true : null,
                $"{request.Service} to refuse the signed-out token", TimeSpan.FromSeconds(10));
        }
        // The gateway's own endpoint: the gateway itself no longer takes the token.
        await TestHelpers.EventuallyAsync(async () => await GatewaySeesAsync(phoneToken) is null ? (bool?)true : null,
            "the gateway to refuse the signed-out token", TimeSpan.FromSeconds(10));
        using var throughGateway = await laptop.Http.GetAsync("/api/subscriptions");
        Assert.Equal(HttpStatusCode.Unauthorized, throughGateway.StatusCode);
        Assert.Equal("application/problem+json", throughGateway.Content.Headers.ContentType?.MediaType);

        var newToken = await SignInAsync(phone, username, laptop.Password!);
        foreach (var request in SignedInRequests)
        {
            Assert.Equal(request.WhenCurrent, await SendDirectAsync(request, newToken));
        }
    }

    [Fact]
    public async Task Signing_Out_Everywhere_Needs_A_Current_Token()
    {
        using var client = platform.CreateClient();
        using var anonymous = await client.Http.PostAsync("/api/accounts/me/sign-out-everywhere", null);
        await client.SignUpAndSignInAsync("everywhere");
        using var first = await client.Http.PostAsync("/api/accounts/me/sign-out-everywhere", null);

        // Straight to accounts, which knows at once: the token the first sign-out ended cannot sign out again.
        using var accounts = new HttpClient { BaseAddress = platform.ServiceAddresses["accounts"] };
        accounts.DefaultRequestHeaders.Authorization = client.Http.DefaultRequestHeaders.Authorization;
        using var again = await accounts.PostAsync("/api/accounts/me/sign-out-everywhere", null);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }

    /// <summary>Who the gateway's own session endpoint sees behind <paramref name="token"/> (null: nobody).</summary>
    private async Task<string?> GatewaySeesAsync(string token)
    {
        using var http = new HttpClient { BaseAddress = platform.GatewayAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await http.GetFromJsonAsync<JsonElement>("/api/session")).GetProperty("username").GetString();
    }

    private static async Task<string> SignInAsync(GatewayClient client, string username, string password)
    {
        using var response = await client.Http.PostAsJsonAsync("/api/accounts/token", new { username, password });
        await response.EnsureStatusAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    /// <summary>Straight to the service, past the gateway: each service checks tokens itself.</summary>
    private async Task<HttpStatusCode> SendDirectAsync((string Service, HttpMethod Method, string Path, HttpStatusCode WhenCurrent) call, string token)
    {
        using var http = new HttpClient { BaseAddress = platform.ServiceAddresses[call.Service] };
        using var request = new HttpRequestMessage(call.Method, call.Path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (call.Method == HttpMethod.Post)
        {
            request.Content = JsonContent.Create(new { });
        }
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
