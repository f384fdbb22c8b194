using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>In-app notifications: keyword alerts, grouped upvotes, paging, read state, privacy.</summary>
[Collection(PlatformCollection.Name)]
public sealed class NotificationTests(PlatformFixture platform)
{
    [Fact]
    public async Task KeywordAlert_ComesForWholeWordMatchesAnyCaseOrAccent_AndNotForOthers()
    {
        var (word, other) = (TestHelpers.UniqueWord(), TestHelpers.UniqueWord());
        using var reader = await SubscriberAsync(platform, null, "off", $"{word} networks", $"café {other}");
        using var submitter = await AuthorAsync(platform);

        var byCase = await SubmitAsync(submitter, $"Deep {word.ToUpperInvariant()} Networks for graphs");
        var partialWord = await SubmitAsync(submitter, $"On {word}networks and one {word} network", $"Nothing about {word}-net here.");
        var byAccent = await SubmitAsync(submitter, "A study of caching", $"We visit the CAFE {other} daily.");

        // Alerts are written with the paper's publication, in its consumer's transaction: once every
        // paper is applied, an alert that should not be there would be.
        foreach (var paper in new[] { byCase, partialWord, byAccent })
        {
            var published = Assert.Single(await AdminDatabase.OutboxMessageIdsAsync("ingestion", "PaperPublished", paper));
            await AdminDatabase.WaitForInboxAsync("notification", published, "PaperPublishedConsumer");
        }
        var alerts = (await reader.GetJsonAsync("/api/notifications")).GetProperty("items").EnumerateArray().ToArray();

        var alerted = (await reader.GetJsonAsync("/api/notifications")).GetProperty("items").EnumerateArray()
            .Where(item => item.GetProperty("kind").GetString() == "keyword").Select(item => item.GetProperty("arxivId").GetString()).ToList();
        Assert.Equal(new[] { byAccent, byCase }.Order(), alerted.Order());
        Assert.DoesNotContain(partialWord, alerted);
        Assert.Contains(alerts, item => item.GetProperty("message").GetString()!.Contains($"{word} networks", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeywordAlert_NeverGoesToTheSubmitter()
    {
        var word = TestHelpers.UniqueWord();
        using var author = await AuthorAsync(platform);
        await PutSubscriptionAsync(author, null, "off", word);
        using var reader = await SubscriberAsync(platform, null, "off", word);

        var arxivId = await SubmitAsync(author, $"The {word} paper");

        await TestHelpers.EventuallyAsync(async () => (await reader.GetJsonAsync("/api/notifications")).GetProperty("items").GetArrayLength() > 0 ? "" : null, "the reader's alert");
        Assert.Equal(0, (await author.GetJsonAsync("/api/notifications")).GetProperty("items").GetArrayLength());
        Assert.Equal(arxivId, (await reader.GetJsonAsync("/api/notifications")).GetProperty("items")[0].GetProperty("arxivId").GetString());
    }

    [Fact]
    public async Task Upvotes_WithinAnHour_AreOneNotificationThatCountsThem_AndTheNextHourStartsAnother()
    {
        // Votes are grouped by the hour they were cast in (their votedAt), so this delivers them
        // as catalogue would have, at fixed times of a past hour and the one after: the test does
        // not depend on the hour it runs in.
        using var submitter = await AuthorAsync(platform);
        var submitterName = submitter.UserName!;
        using var broker = new Broker();
        var arxivId = TestHelpers.UniqueArxivId();
        var hour = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1).AddHours(10), TimeSpan.Zero);
        var votedAt = new[] { 5, 15, 25, 35, 45, 65 }.Select(minutes => hour.AddMinutes(minutes)).ToArray();
        var delivered = await Task.WhenAll(votedAt.Select((at, index) => broker.DeliverAsync("notification-paper-upvoted", "PaperUpvoted", new
        {
            arxivId,
            title = "A paper people like",
            submittedBy = submitterName,
            submittedAt = hour.AddHours(-1),
            votedBy = $"voter-{index}",
            upvotes = index + 1,
            votedAt = at,
        })));
        foreach (var messageId in delivered)
        {
            await AdminDatabase.WaitForInboxAsync("notification", messageId, "PaperUpvotedConsumer");
        }

        var upvotes = (await submitter.GetJsonAsync("/api/notifications")).GetProperty("items").EnumerateArray()
            .Where(item => item.GetProperty("kind").GetString() == "upvote" && item.GetProperty("arxivId").GetString() == arxivId).ToList();
        Assert.Equal([1, 5], upvotes.Select(item => item.GetProperty("count").GetInt32()).Order());
        var grouped = upvotes.Single(item => item.GetProperty("count").GetInt32() == 5);
        Assert.StartsWith("5 people upvoted your paper", grouped.GetProperty("message").GetString());
        Assert.False(grouped.GetProperty("read").GetBoolean());
    }

    [Fact]
    public async Task List_PagesMostRecentFirst_CountsUnread_AndMarksReadOnlyTheCallersOwn()
    {
        var word = TestHelpers.UniqueWord();
        using var reader = await SubscriberAsync(platform, null, "off", word);
        using var submitter = await AuthorAsync(platform);
        var papers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            papers.Add(await SubmitAsync(submitter, $"{word} part {i}"));
            await TestHelpers.EventuallyAsync(async () =>
                (await reader.GetJsonAsync("/api/notifications")).GetProperty("items").GetArrayLength() == papers.Count ? "" : null, $"alert {i}");
        }

        var first = await reader.GetJsonAsync("/api/notifications?limit=2");
        var second = await reader.GetJsonAsync($"/api/notifications?limit=2&cursor={first.GetProperty("nextCursor").GetString()}");

        var pages = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).ToList();
        Assert.Equal(papers.AsEnumerable().Reverse(), pages.Select(item => item.GetProperty("arxivId").GetString()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        Assert.Equal(3, first.GetProperty("unreadCount").GetInt32());

        var id = pages[0].GetProperty("id").GetString();
        using var stranger = platform.CreateClient();
        await stranger.SignUpAndSignInAsync("stranger");
        using var notTheirs = await stranger.Http.PostAsync($"/api/notifications/{id}/read", null);
        await notTheirs.EnsureStatusAsync(HttpStatusCode.NotFound);
        using var mine = await reader.Http.PostAsync($"/api/notifications/{id}/read", null);
        await mine.EnsureStatusAsync(HttpStatusCode.NoContent);

        var unread = await reader.GetJsonAsync("/api/notifications?unread=true");
        Assert.Equal(2, unread.GetProperty("unreadCount").GetInt32());
        Assert.DoesNotContain(unread.GetProperty("items").EnumerateArray(), item => item.GetProperty("id").GetString() == id);
        Assert.Equal(0, (await stranger.GetJsonAsync("/api/notifications")).GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("cursor=abc", "cursor")]
    public async Task List_WithBadPaging_Is400NamingTheParameter(string query, string parameter)
    {
        using var reader = platform.CreateClient();
        await reader.SignUpAndSignInAsync("reader");

        using var response = await reader.Http.GetAsync($"/api/notifications?{query}");

        await response.EnsureStatusAsync(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
    }

    /// <summary>A new signed-in user whose subscription is stored, and its address confirmed from the confirmation mail.</summary>
    internal static async Task<GatewayClient> SubscriberAsync(PlatformFixture platform, string? email, string digest, params string[] keywords)
    {
        var client = platform.CreateClient();
        await client.SignUpAndSignInAsync("reader");
        await PutSubscriptionAsync(client, email, digest, keywords);
        if (email is not null)
        {
            await ConfirmAddressAsync(platform, email);
        }
        return client;
    }

    /// <summary>Follows the link in the confirmation mail to <paramref name="email"/> (double opt-in), as its owner would.</summary>
    internal static async Task ConfirmAddressAsync(PlatformFixture platform, string email)
    {
        var mail = await platform.Mail.WaitForAsync(message => IsConfirmation(message) && IsTo(message, email),
            TimeSpan.FromSeconds(30), $"confirming {email}");
        using var anonymous = new HttpClient();
        using var confirmed = await anonymous.PostAsync(ConfirmationLink(mail), null);
        await confirmed.EnsureStatusAsync(HttpStatusCode.OK);
    }

    /// <summary>Any mail to <paramref name="address"/>, confirmation mails included.</summary>
    internal static bool IsTo(MimeKit.MimeMessage message, string address) =>
        message.To.Mailboxes.Any(mailbox => string.Equals(mailbox.Address, address, StringComparison.OrdinalIgnoreCase));

    internal static bool IsConfirmation(MimeKit.MimeMessage message) => message.Subject == "Confirm your e-mail address for Papers Platform";

    internal static Uri ConfirmationLink(MimeKit.MimeMessage mail) =>
        new(System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? "", @"https?://\S+/api/subscriptions/confirm\?token=\S+").Value);

    /// <summary>A new signed-in user who submits papers.</summary>
    internal static async Task<GatewayClient> AuthorAsync(PlatformFixture platform)
    {
        var client = platform.CreateClient();
        await client.SignUpAndSignInAsync("author");
        return client;
    }

    /// <summary>Saves the subscription (must answer 200) and returns what the service answered.</summary>
    internal static async Task<JsonElement> PutSubscriptionAsync(GatewayClient client, string? email, string digest, params string[] keywords)
    {
        using var response = await client.Http.PutAsJsonAsync("/api/subscriptions", new { email, digest, keywords });
        await response.EnsureStatusAsync(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    internal static async Task<string> SubmitAsync(GatewayClient submitter, string title, string? abstractText = null)
    {
        var arxivId = TestHelpers.UniqueArxivId();
        using var response = await submitter.SubmitPaperAsync(arxivId, title, abstractText ?? $"We study {title.ToLowerInvariant()} at length.");
        await response.EnsureStatusAsync(HttpStatusCode.Accepted);
        return arxivId;
    }
}
