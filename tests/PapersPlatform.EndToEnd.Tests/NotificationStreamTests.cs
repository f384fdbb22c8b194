using System.Net.Http.Json;
using System.Text.Json;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>The live stream, through the gateway: fast, resumable, and fed by every instance.</summary>
[Collection(PlatformCollection.Name)]
public sealed class NotificationStreamTests(PlatformFixture platform)
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Stream_DeliversANewNotificationWithinASecondOfItsWrite()
    {
        using var submitter = await NotificationTests.AuthorAsync(platform);
        var arxivId = await NotificationTests.SubmitAsync(submitter, "A paper worth a vote");
        await submitter.WaitForPaperAsync(arxivId);
        await using var stream = await EventStream.OpenAsync(submitter.Http, new Uri(platform.GatewayAddress, "/api/notifications/stream"));
        using var voter = platform.CreateClient();
        var voterName = await voter.SignUpAndSignInAsync("voter");

        (await voter.Http.PostAsync($"/api/papers/{arxivId}/upvote", null)).Dispose();
        // The vote may also put the paper into trending, and that notification may come first
        // (another message, on another queue): the upvote's is the one under test.
        var (item, receivedAt) = await stream.NextAsync(EventTimeout);
        while (JsonDocument.Parse(item.Data).RootElement.GetProperty("kind").GetString() == "trending")
        {
            (item, receivedAt) = await stream.NextAsync(EventTimeout);
        }

        var notification = JsonDocument.Parse(item.Data).RootElement;
        Assert.Equal("upvote", notification.GetProperty("kind").GetString());
        Assert.Equal(arxivId, notification.GetProperty("arxivId").GetString());
        Assert.Contains(voterName, notification.GetProperty("message").GetString());
        Assert.NotNull(item.EventId);
        var delay = receivedAt - notification.GetProperty("createdAt").GetDateTimeOffset();
        Assert.True(delay < TimeSpan.FromSeconds(1), $"The event came {delay.TotalMilliseconds:F0} ms after the notification was written.");
    }

    [Fact]
    public async Task Stream_ResumedWithLastEventId_ReplaysWhatWasMissed_FromEitherOfTwoInstances()
    {
        var (extra, extraAddress) = platform.StartExtraInstance("notification", "notification-2");
        await using var _ = extra;
        await TestHelpers.WaitForHealthAsync(extraAddress);

        var word = TestHelpers.UniqueWord();
        using var reader = await NotificationTests.SubscriberAsync(platform, null, "off", word);
        using var submitter = await NotificationTests.AuthorAsync(platform);
        // The same user's token, straight to the second instance (the gateway routes to the first).
        using var direct = new HttpClient();
        direct.DefaultRequestHeaders.Authorization = reader.Http.DefaultRequestHeaders.Authorization;

        string lastSeen;
        await using (var viaGateway = await EventStream.OpenAsync(reader.Http, new Uri(platform.GatewayAddress, "/api/notifications/stream")))
        await using (var viaExtra = await EventStream.OpenAsync(direct, new Uri(extraAddress, "/api/notifications/stream")))
        {
            var first = await NotificationTests.SubmitAsync(submitter, $"{word} first");
            var seenByGateway = (await viaGateway.NextAsync(EventTimeout)).Item;
            var seenByExtra = (await viaExtra.NextAsync(EventTimeout)).Item;
            Assert.Equal(first, ArxivId(seenByGateway.Data));
            Assert.Equal(seenByGateway.EventId, seenByExtra.EventId);
            lastSeen = seenByGateway.EventId!;
        }

        // Missed while disconnected: several papers, consumed by whichever instance took each.
        var missed = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            missed.Add(await NotificationTests.SubmitAsync(submitter, $"{word} missed {i}"));
        }
        await TestHelpers.EventuallyAsync(async () =>
            (await reader.GetJsonAsync("/api/notifications")).GetProperty("items").GetArrayLength() == 1 + missed.Count ? "" : null, "the missed alerts");

        foreach (var address in new[] { new Uri(platform.GatewayAddress, "/api/notifications/stream"), new Uri(extraAddress, "/api/notifications/stream") })
        {
            var client = address.Host == platform.GatewayAddress.Host && address.Port == platform.GatewayAddress.Port ? reader.Http : direct;
            await using var resumed = await EventStream.OpenAsync(client, address, lastSeen);
            var replayed = await resumed.DrainAsync(TimeSpan.FromSeconds(2));
            Assert.Equal(missed.Order(), replayed.Select(item => ArxivId(item.Data)).Order());
            var ids = replayed.Select(item => long.Parse(item.EventId!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(ids.Order(), ids);
            Assert.All(ids, id => Assert.True(id > long.Parse(lastSeen, System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public async Task Stream_WithoutToken_Is401_AndWithABadLastEventId_Is400()
    {
        using var anonymous = platform.CreateClient();
        using var unauthorized = await anonymous.Http.GetAsync("/api/notifications/stream");
        await unauthorized.EnsureStatusAsync(System.Net.HttpStatusCode.Unauthorized);

        using var reader = platform.CreateClient();
        await reader.SignUpAndSignInAsync("reader");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/notifications/stream");
        request.Headers.Add("Last-Event-ID", "yesterday");
        using var badId = await reader.Http.SendAsync(request);
        await badId.EnsureStatusAsync(System.Net.HttpStatusCode.BadRequest);
        var errors = JsonDocument.Parse(await badId.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("lastEventId", out _), errors.ToString());

        // An event id has at most 18 digits (a long): the longest opens the stream, one more is refused.
        using var longest = new HttpRequestMessage(HttpMethod.Get, "/api/notifications/stream");
        longest.Headers.Add("Last-Event-ID", new string('9', 18));
        using (var opened = await reader.Http.SendAsync(longest, HttpCompletionOption.ResponseHeadersRead))
        {
            await opened.EnsureStatusAsync(System.Net.HttpStatusCode.OK);
        }
        using var tooLong = new HttpRequestMessage(HttpMethod.Get, "/api/notifications/stream");
        tooLong.Headers.Add("Last-Event-ID", new string('9', 19));
        using var refused = await reader.Http.SendAsync(tooLong);
        await refused.EnsureStatusAsync(System.Net.HttpStatusCode.BadRequest);
    }

    private static string? ArxivId(string data) => JsonDocument.Parse(data).RootElement.GetProperty("arxivId").GetString();

    [Fact]
    public async Task A_Stream_Ends_When_The_Token_That_Opened_It_Runs_Out()
    {
        // Tokens of three seconds from an accounts instance of the test's own (same keys, same database).
        var (accounts, accountsAddress) = platform.StartExtraInstance("accounts", "accounts-short-tokens",
            new Dictionary<string, string> { ["Auth__TokenLifetimeMinutes"] = "0.05" });
        await using var _ = accounts;
        await TestHelpers.WaitForHealthAsync(accountsAddress);
        using var reader = await NotificationTests.AuthorAsync(platform);
        using var direct = new HttpClient { BaseAddress = accountsAddress };
        using var signIn = await direct.PostAsJsonAsync("/api/accounts/token", new { username = reader.UserNameOrThrow(), password = reader.Password });
        var shortToken = (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        using var shortLived = new HttpClient { BaseAddress = platform.GatewayAddress, Timeout = Timeout.InfiniteTimeSpan };
        shortLived.DefaultRequestHeaders.Authorization = new("Bearer", shortToken);

        await using var expiring = await EventStream.OpenAsync(shortLived, new Uri(platform.GatewayAddress, "/api/notifications/stream"));
        await using var lasting = await EventStream.OpenAsync(reader.Http, new Uri(platform.GatewayAddress, "/api/notifications/stream"));

        Assert.Equal("expired", await expiring.EndAsync(TimeSpan.FromSeconds(20)));
        // The stream of an hour-long token is still open after the short one has ended.
        await Assert.ThrowsAsync<TimeoutException>(() => lasting.EndAsync(TimeSpan.FromSeconds(1)));
    }
}
