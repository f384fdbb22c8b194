using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>
/// A service that could not fetch the accounts service's signing keys (accounts or its database
/// away while the service started; the fault run met it) must not tell holders of valid tokens
/// that they are not signed in: it answers 503 with Retry-After, and nothing changes.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SigningKeysOutageTests(PlatformFixture platform)
{
    [Fact]
    public async Task ServiceWithoutSigningKeys_ValidToken_Is503ProblemWithRetryAfter_Not401()
    {
        using var user = platform.CreateClient();
        await user.SignUpAndSignInAsync("voter");
        // An instance whose accounts service is nowhere: it can never fetch the keys.
        var (extra, address) = platform.StartExtraInstance("catalogue", "catalogue-without-keys",
            new Dictionary<string, string> { ["Auth__Authority"] = $"http://127.0.0.1:{FreePort.Next()}" });
        await using var _ = extra;
        await TestHelpers.WaitForHealthAsync(address);
        using var direct = new HttpClient { BaseAddress = address };
        direct.DefaultRequestHeaders.Authorization = user.Http.DefaultRequestHeaders.Authorization;

        using var response = await direct.PostAsync($"/api/papers/{TestHelpers.UniqueArxivId()}/upvote", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter is not null, "no Retry-After");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task ServiceWithItsKeys_TokenSignedByAnotherKey_StaysA401()
    {
        using var user = platform.CreateClient();
        await user.SignUpAndSignInAsync("voter");
        var token = user.Http.DefaultRequestHeaders.Authorization!.Parameter!;
        // Same header and claims, another key id: no key of the platform signed it.
        var parts = token.Split('.');
        var header = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Decode(parts[0]))!;
        var forgedHeader = JsonSerializer.Serialize(header.ToDictionary(pair => pair.Key, pair => pair.Key == "kid" ? (object)"not-a-platform-key" : pair.Value));
        using var forged = platform.CreateClient();
        forged.Http.DefaultRequestHeaders.Authorization = new("Bearer", $"{Encode(forgedHeader)}.{parts[1]}.{parts[2]}");

        using var response = await forged.Http.PostAsync($"/api/papers/{TestHelpers.UniqueArxivId()}/upvote", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static string Decode(string part) =>
        System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(part.Replace('-', '+').Replace('_', '/').PadRight(part.Length + (4 - part.Length % 4) % 4, '=')));

    private static string Encode(string json) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
