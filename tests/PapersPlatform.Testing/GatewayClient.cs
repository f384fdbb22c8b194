using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace PapersPlatform.Testing;

/// <summary>An HTTP client of the public API, as an outside user holds one.</summary>
public sealed class GatewayClient(Uri gateway) : IDisposable
{
    public HttpClient Http { get; } = new() { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The account this client signed up, once it has.</summary>
    public string? UserName { get; private set; }

    /// <summary>Its password, for a test that signs in another way (the web session).</summary>
    public string? Password { get; private set; }

    public string UserNameOrThrow() => UserName ?? throw new InvalidOperationException("Not signed up.");

    /// <summary>A fresh account (unique name) signed in: later requests carry its token.</summary>
    public async Task<string> SignUpAndSignInAsync(string prefix = "user")
    {
        var username = $"{prefix}-{Guid.NewGuid():N}"[..24];
        var password = $"pw-{Guid.NewGuid():N}";
        using var created = await Http.PostAsJsonAsync("/api/accounts", new { username, email = $"{username}@example.com", password });
        await created.EnsureStatusAsync(System.Net.HttpStatusCode.Created);
        await SignInAsync(username, password);
        (UserName, Password) = (username, password);
        return username;
    }

    /// <summary>Signs in as the configured importer, creating the account on first use (test runs share it).</summary>
    public async Task SignInAsImporterAsync()
    {
        const string username = PlatformFixture.ImporterName, password = "importer-password-for-tests";
        using var created = await Http.PostAsJsonAsync("/api/accounts", new { username, email = $"{username}@example.com", password });
        if (created.StatusCode != System.Net.HttpStatusCode.Conflict)
        {
            await created.EnsureStatusAsync(System.Net.HttpStatusCode.Created);
        }
        await SignInAsync(username, password);
    }

    private async Task SignInAsync(string username, string password)
    {
        using var token = await Http.PostAsJsonAsync("/api/accounts/token", new { username, password });
        await token.EnsureStatusAsync(System.Net.HttpStatusCode.OK);
        var body = await token.Content.ReadFromJsonAsync<JsonElement>();
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("accessToken").GetString());
    }

    public Task<HttpResponseMessage> SubmitPaperAsync(
        string arxivId, string title = "A paper", string? abstractText = null, string organization = "Test Lab", string[]? authors = null) =>
        Http.PostAsJsonAsync("/api/papers", new
        {
            arxivId,
            title,
            @abstract = abstractText ?? "We study something worth a test.",
            authors = authors ?? ["Ada Lovelace", "Alan Turing"],
            organization,
            publishedAt = "2024-05-01",
        });

    /// <summary>Submits a paper with a fresh id and waits until the catalogue shows it; returns the id.</summary>
    public async Task<string> SubmitAndWaitAsync(string title = "A paper")
    {
        var arxivId = TestHelpers.UniqueArxivId();
        using var response = await SubmitPaperAsync(arxivId, title);
        await response.EnsureStatusAsync(System.Net.HttpStatusCode.Accepted);
        await WaitForPaperAsync(arxivId);
        return arxivId;
    }

    /// <summary>GETs a path that must answer 200 and returns its JSON.</summary>
    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        await response.EnsureStatusAsync(System.Net.HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The paper as the catalogue shows it, once its PaperPublished has been consumed.</summary>
    public Task<JsonElement> WaitForPaperAsync(string arxivId, TimeSpan? timeout = null) =>
        TestHelpers.EventuallyAsync(async () =>
        {
            using var response = await Http.GetAsync($"/api/papers/{arxivId}");
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : (JsonElement?)null;
        }, $"paper {arxivId} in the catalogue", timeout);

    public void Dispose() => Http.Dispose();
}

public static class TestHelpers
{
    private static int _sequence = Random.Shared.Next(10_000, 90_000);

    /// <summary>A made-up word no other test uses (letters only, so the search parser keeps it whole).</summary>
    public static string UniqueWord() =>
        "zq" + string.Concat(Guid.NewGuid().ToString("N").Take(10).Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16) % 26)));

    /// <summary>The arXiv ids of listed papers, in order.</summary>
    public static string[] ArxivIds(JsonElement[] items) => [.. items.Select(item => item.GetProperty("arxivId").GetString()!)];

    /// <summary>A valid new-style arXiv id no other test in this run uses.</summary>
    public static string UniqueArxivId() => $"2405.{Interlocked.Increment(ref _sequence):D5}";

    public static async Task EnsureStatusAsync(this HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)expected}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Waits until a service started by a test answers its /health with 200.</summary>
    public static Task WaitForHealthAsync(Uri address) =>
        EventuallyAsync(async () =>
        {
            using var http = new HttpClient { BaseAddress = address };
            try
            {
                using var response = await http.GetAsync("/health");
                return response.IsSuccessStatusCode ? (bool?)true : null;
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }, $"{address} to be healthy", TimeSpan.FromSeconds(60));

    /// <summary>
    /// Runs a test whose steps must fall on one UTC day (a day's listing, the daily submission
    /// limit). When it fails and the day turned while it ran, it runs once more, wholly within the
    /// new day: a failure that is not the calendar's still fails, at any hour.
    /// </summary>
    public static async Task OnOneUtcDayAsync(Func<Task> test)
    {
        var day = DateTime.UtcNow.Date;
        try
        {
            await test();
        }
        catch (Exception) when (DateTime.UtcNow.Date != day)
        {
            await test();
        }
    }

    /// <inheritdoc cref="EventuallyAsync{T}(Func{Task{T?}}, string, TimeSpan?)"/>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null) where T : class =>
        (await EventuallyAsync(async () => await probe() is { } value ? new Found<T>(value) : (Found<T>?)null, what, timeout)).Value;

    private readonly record struct Found<T>(T Value);

    /// <summary>Polls until <paramref name="probe"/> returns a value (eventual consistency), or fails after the timeout.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null) where T : struct
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is T value)
            {
                return value;
            }
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Still waiting after {limit.TotalSeconds} s for {what}.");
            }
            await Task.Delay(100);
        }
    }
}
