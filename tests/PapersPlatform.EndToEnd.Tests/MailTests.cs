using System.Net;
using System.Text.RegularExpressions;
using MimeKit;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>E-mail over real SMTP (the fixture's server): alerts, digests, unsubscribing, outages.</summary>
[Collection(PlatformCollection.Name)]
public sealed partial class MailTests(PlatformFixture platform)
{
    private static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset PeriodOrigin = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task KeywordAlertMail_HasHtmlTextLinksAndOneClickUnsubscribe()
    {
        var word = TestHelpers.UniqueWord();
        var address = $"{word}@example.com";
        using var reader = await NotificationTests.SubscriberAsync(platform, address, "off", word);
        using var submitter = await NotificationTests.AuthorAsync(platform);

        var arxivId = await NotificationTests.SubmitAsync(submitter, $"On {word} and friends");
        var mail = await platform.Mail.WaitForAsync(message => IsTo(message, address), MailTimeout, $"to {address}");

        Assert.Contains(word, mail.Subject);
        Assert.Contains($"/papers/{arxivId}", mail.HtmlBody);
        Assert.Contains($"/papers/{arxivId}", mail.TextBody);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        Assert.Contains(UnsubscribeLink(mail).AbsoluteUri, mail.HtmlBody!.Replace("&amp;", "&", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unsubscribe_FromTheMailsLink_WithoutSigningIn_StopsAllMail()
    {
        var word = TestHelpers.UniqueWord();
        var address = $"{word}@example.com";
        using var reader = await NotificationTests.SubscriberAsync(platform, address, "daily", word);
        using var submitter = await NotificationTests.AuthorAsync(platform);
        await NotificationTests.SubmitAsync(submitter, $"{word}: the first");
        var link = UnsubscribeLink(await platform.Mail.WaitForAsync(message => IsTo(message, address), MailTimeout, $"to {address}"));

        using var anonymous = new HttpClient();
        var tampered = new Uri(link.AbsoluteUri.Replace("token=", "token=x", StringComparison.Ordinal));
        using var refused = await anonymous.PostAsync(tampered, null);
        await refused.EnsureStatusAsync(HttpStatusCode.BadRequest);
        using var page = await anonymous.GetAsync(link);
        await page.EnsureStatusAsync(HttpStatusCode.OK);
        Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync());
        // What a mail client's one-click button sends (RFC 8058).
        using var oneClick = await anonymous.PostAsync(link, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        await oneClick.EnsureStatusAsync(HttpStatusCode.OK);
        var mailedBefore = platform.Mail.To(address).Count;

        var subscription = await reader.GetJsonAsync("/api/subscriptions");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, subscription.GetProperty("email").ValueKind);
        Assert.Equal("off", subscription.GetProperty("digest").GetString());
        var second = await NotificationTests.SubmitAsync(submitter, $"{word}: the second");
        await TestHelpers.EventuallyAsync(async () => (await reader.GetJsonAsync("/api/notifications")).GetProperty("items")
            .EnumerateArray().Any(item => item.GetProperty("arxivId").GetString() == second) ? "" : null, "the in-app alert, which stays");
        await Task.Delay(PlatformFixture.AlertInterval + TimeSpan.FromSeconds(2));
        Assert.Equal(mailedBefore, platform.Mail.To(address).Count);
    }

    [Fact]
    public async Task Digest_ForAPeriod_IsSentOnce_WithThePeriodsPapersBestFirst_EvenWithTwoInstances()
    {
        // Two schedulers and two senders race for every period.
        var (extra, extraAddress) = platform.StartExtraInstance("notification", "notification-2");
        await using var _ = extra;
        await TestHelpers.WaitForHealthAsync(extraAddress);
        var address = $"{TestHelpers.UniqueWord()}@example.com";
        using var reader = await NotificationTests.SubscriberAsync(platform, address, "daily");
        using var submitter = await NotificationTests.AuthorAsync(platform);
        var voters = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            var voter = platform.CreateClient();
            await voter.SignUpAndSignInAsync("voter");
            return voter;
        }));

        // All three papers and their votes in one period, with time to spare before it closes.
        var period = await PeriodWithTimeLeftAsync(TimeSpan.FromSeconds(8));
        var (best, second, third) = (await NotificationTests.SubmitAsync(submitter, "Most voted"),
            await NotificationTests.SubmitAsync(submitter, "Voted once"), await NotificationTests.SubmitAsync(submitter, "Not voted"));
        foreach (var arxivId in new[] { best, second })
        {
            await submitter.WaitForPaperAsync(arxivId);
        }
        await Task.WhenAll(voters.Select(voter => voter.Http.PostAsync($"/api/papers/{best}/upvote", null)));
        (await voters[0].Http.PostAsync($"/api/papers/{second}/upvote", null)).Dispose();

        var periodHeader = $"daily {period.UtcDateTime:O}";
        var digest = await platform.Mail.WaitForAsync(message => IsTo(message, address) && message.Headers["X-Papers-Digest-Period"] == periodHeader,
            PlatformFixture.DigestPeriod + MailTimeout, $"the digest of {periodHeader} to {address}");
        var order = new[] { best, second, third }.Select(arxivId => digest.TextBody!.IndexOf($"/papers/{arxivId}", StringComparison.Ordinal)).ToList();
        Assert.All(order, position => Assert.True(position >= 0, digest.TextBody));
        Assert.Equal(order.Order(), order);
        Assert.Contains($"/papers/{best}", digest.HtmlBody);

        // Several more rounds of every instance's scheduler: still one digest for that period.
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Single(platform.Mail.To(address), message => message.Headers["X-Papers-Digest-Period"] == periodHeader);
        foreach (var voter in voters)
        {
            voter.Dispose();
        }
    }

    [Fact]
    public async Task SmtpOutage_MailIsDeliveredOnceTheServerIsBack()
    {
        var word = TestHelpers.UniqueWord();
        var address = $"{word}@example.com";
        using var reader = await NotificationTests.SubscriberAsync(platform, address, "off", word);
        using var submitter = await NotificationTests.AuthorAsync(platform);

        await platform.Mail.StopAsync();
        try
        {
            var arxivId = await NotificationTests.SubmitAsync(submitter, $"{word} during an outage");
            await TestHelpers.EventuallyAsync(async () => (await reader.GetJsonAsync("/api/notifications")).GetProperty("items")
                .EnumerateArray().Any(item => item.GetProperty("arxivId").GetString() == arxivId) ? "" : null, "the in-app alert");
            // Until the sender has tried and failed twice.
            await TestHelpers.EventuallyAsync(async () => await AdminDatabase.ScalarAsync<long>(
                    "SELECT count(*) FROM notification.mails WHERE address = $1 AND kind <> 'confirmation' AND attempts >= 2 AND last_error IS NOT NULL", address) == 1 ? (bool?)true : null,
                "two failed attempts to send the alert");
        }
        finally
        {
            platform.Mail.Start();
        }

        await platform.Mail.WaitForAsync(message => IsTo(message, address), MailTimeout, $"to {address} after the outage");
        // Once the mail is marked sent, nothing sends it again; before, a second send could still come.
        await TestHelpers.EventuallyAsync(async () => await AdminDatabase.ScalarAsync<long>(
                "SELECT count(*) FROM notification.mails WHERE address = $1 AND kind <> 'confirmation' AND sent_at IS NULL", address) == 0 ? (bool?)true : null,
            "the alert marked sent");
        Assert.Single(platform.Mail.To(address), message => !NotificationTests.IsConfirmation(message));
    }

    /// <summary>A mail to <paramref name="address"/> other than the confirmation mail every new address gets first.</summary>
    private static bool IsTo(MimeMessage message, string address) =>
        !NotificationTests.IsConfirmation(message) && NotificationTests.IsTo(message, address);

    private static Uri UnsubscribeLink(MimeMessage mail) =>
        new(AngleBrackets().Match(mail.Headers[HeaderId.ListUnsubscribe]!).Groups[1].Value);

    /// <summary>
    /// The start of the current digest period (periods are counted from a fixed Monday) when at
    /// least <paramref name="needed"/> of it is left; otherwise waits for the next one to begin.
    /// </summary>
    private static async Task<DateTimeOffset> PeriodWithTimeLeftAsync(TimeSpan needed)
    {
        var length = PlatformFixture.DigestPeriod.Ticks;
        var now = DateTimeOffset.UtcNow;
        var current = PeriodOrigin + TimeSpan.FromTicks((now - PeriodOrigin).Ticks / length * length);
        var next = current + PlatformFixture.DigestPeriod;
        if (next - now >= needed)
        {
            return current;
        }
        await Task.Delay(next - now + TimeSpan.FromMilliseconds(100));
        return next;
    }

    [GeneratedRegex("<([^>]+)>")]
    private static partial Regex AngleBrackets();
}
