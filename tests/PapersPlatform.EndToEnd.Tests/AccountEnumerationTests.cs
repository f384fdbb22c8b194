using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PapersPlatform.Testing;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>Nothing the accounts service answers tells an attacker which e-mail addresses or names have accounts.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AccountEnumerationTests(PlatformFixture platform)
{
    [Fact]
    public async Task Registering_With_An_Address_That_Has_An_Account_Answers_As_With_A_Free_One()
    {
        using var client = platform.CreateClient();
        var taken = $"taken-{Guid.NewGuid():N}@example.com";
        using var first = await RegisterAsync(client, NewName(), taken);
        await first.EnsureStatusAsync(HttpStatusCode.Created);

        var (withTaken, withFree) = (NewName(), NewName());
        var free = $"free-{Guid.NewGuid():N}@example.com";
        using var again = await RegisterAsync(client, withTaken, taken);
        using var fresh = await RegisterAsync(client, withFree, free);

        Assert.Equal(fresh.StatusCode, again.StatusCode);
        // The same body but for the caller's own name and address.
        Assert.Equal(
            (await fresh.Content.ReadAsStringAsync()).Replace(withFree, "NAME").Replace(free, "ADDRESS"),
            (await again.Content.ReadAsStringAsync()).Replace(withTaken, "NAME").Replace(taken, "ADDRESS"));
    }

    [Fact]
    public async Task Signing_In_As_An_Unknown_Name_Takes_As_Long_As_With_A_Wrong_Password()
    {
        using var owner = platform.CreateClient();
        var known = await owner.SignUpAndSignInAsync("timed");
        using var client = platform.CreateClient();
        var knownTimes = new List<double>();
        var unknownTimes = new List<double>();
        for (var round = 0; round < 7; round++)
        {
            // Interleaved, so that the machine's ups and downs fall on both alike.
            knownTimes.Add(await TimeWrongSignInAsync(client, known));
            unknownTimes.Add(await TimeWrongSignInAsync(client, NewName()));
        }

        var ratio = Median(unknownTimes) / Median(knownTimes);
        Assert.True(ratio is > 0.5 and < 2, $"Unknown names took {Median(unknownTimes):F1} ms, known ones {Median(knownTimes):F1} ms (median of 7).");
    }

    [Fact]
    public async Task A_Password_Hashed_When_Hashing_Was_Weaker_Is_Rehashed_At_Todays_Strength_On_Sign_In()
    {
        using var client = platform.CreateClient();
        var name = await client.SignUpAndSignInAsync("rehashed");
        Assert.Equal(210_000, await StoredIterationsAsync(name));
        // As Identity's default (100,000 iterations) stored it before.
        var weaker = new Microsoft.AspNetCore.Identity.PasswordHasher<object>(Microsoft.Extensions.Options.Options.Create(
            new Microsoft.AspNetCore.Identity.PasswordHasherOptions { IterationCount = 100_000 })).HashPassword(new object(), client.Password!);
        await AdminDatabase.ExecuteAsync("UPDATE accounts.users SET password_hash = $1 WHERE normalized_user_name = $2", weaker, name.ToLowerInvariant());
        Assert.Equal(100_000, await StoredIterationsAsync(name));

        using var signIn = await client.Http.PostAsJsonAsync("/api/accounts/token", new { username = name, password = client.Password });

        await signIn.EnsureStatusAsync(HttpStatusCode.OK);
        Assert.Equal(210_000, await StoredIterationsAsync(name));
    }

    /// <summary>Identity's V3 format: a version byte, the PRF, then the iteration count, big-endian.</summary>
    private static async Task<int> StoredIterationsAsync(string name)
    {
        var hash = await AdminDatabase.ScalarAsync<string>("SELECT password_hash FROM accounts.users WHERE normalized_user_name = $1", name.ToLowerInvariant());
        return System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(Convert.FromBase64String(hash!).AsSpan(5, 4));
    }

    private static async Task<double> TimeWrongSignInAsync(GatewayClient client, string username)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.Http.PostAsJsonAsync("/api/accounts/token", new { username, password = "not-the-password" });
        var took = clock.Elapsed.TotalMilliseconds;
        await response.EnsureStatusAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Unknown user name or wrong password.", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        return took;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string NewName() => $"enum-{Guid.NewGuid():N}"[..24];

    private static Task<HttpResponseMessage> RegisterAsync(GatewayClient client, string username, string email) =>
        client.Http.PostAsJsonAsync("/api/accounts", new { username, email, password = "long-enough-password" });
}
