using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MimeKit;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>
/// Double opt-in: an address gets one confirmation mail and nothing else until its link is
/// followed; one address that cannot take mail delays nobody else's.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DoubleOptInTests(PlatformFixture platform)
{
    private static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Nothing_But_The_Confirmation_Goes_To_An_Address_Until_Its_Link_Is_Followed_Then_Alerts_Do()
    {
        var word = TestHelpers.UniqueWord();
        var address = $"{word}@example.com";
        using var reader = platform.CreateClient();
        await reader.SignUpAndSignInAsync("reader");
        using var submitter = await NotificationTests.AuthorAsync(platform);

        var saved = await NotificationTests.PutSubscriptionAsync(reader, address, "off", word);
        Assert.False(saved.GetProperty("emailConfirmed").GetBoolean());
        var confirmation = await platform.Mail.WaitForAsync(message => NotificationTests.IsConfirmation(message) && NotificationTests.IsTo(message, address), MailTimeout, $"confirming {address}");
        var before = await NotificationTests.SubmitAsync(submitter, $"{word} before confirming");
        await WaitForInAppAlertAsync(reader, before);
        // Whether an alert is mailed is decided when it is written: to an unconfirmed address, never.
        Assert.Equal(0, await AdminDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM notification.notifications WHERE recipient = $1 AND arxiv_id = $2 AND (mail_pending OR mail_id IS NOT NULL)", reader.UserName!, before));
        Assert.Equal(0, await AdminDatabase.ScalarAsync<long>("SELECT count(*) FROM notification.mails WHERE address = $1 AND kind <> 'confirmation'", address));
        Assert.Equal([confirmation], platform.Mail.To(address));

        using var anonymous = new HttpClient();
        using var page = await anonymous.GetAsync(NotificationTests.ConfirmationLink(confirmation));
        await page.EnsureStatusAsync(HttpStatusCode.OK);
        Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync());
        // Opening the link (as a mail scanner does) confirmed nothing: only the button does.
        Assert.False((await reader.GetJsonAsync("/api/subscriptions")).GetProperty("emailConfirmed").GetBoolean());
        using var confirmed = await anonymous.PostAsync(NotificationTests.ConfirmationLink(confirmation), null);
        await confirmed.EnsureStatusAsync(HttpStatusCode.OK);
        Assert.True((await reader.GetJsonAsync("/api/subscriptions")).GetProperty("emailConfirmed").GetBoolean());

        var after = await NotificationTests.SubmitAsync(submitter, $"{word} after confirming");
        var alert = await platform.Mail.WaitForAsync(message => !NotificationTests.IsConfirmation(message) && NotificationTests.IsTo(message, address), MailTimeout, $"an alert to {address}");
        Assert.Contains($"/papers/{after}", alert.TextBody);
        Assert.DoesNotContain($"/papers/{before}", alert.TextBody);
    }

    [Fact]
    public async Task Saving_The_Same_Address_Again_Mails_No_Second_Confirmation_And_A_Link_To_A_Replaced_Address_Confirms_Nothing()
    {
        var first = $"{TestHelpers.UniqueWord()}@example.com";
        var second = $"{TestHelpers.UniqueWord()}@example.com";
        using var reader = platform.CreateClient();
        await reader.SignUpAndSignInAsync("reader");

        await NotificationTests.PutSubscriptionAsync(reader, first, "off");
        var firstLink = NotificationTests.ConfirmationLink(await platform.Mail.WaitForAsync(
            message => NotificationTests.IsConfirmation(message) && NotificationTests.IsTo(message, first), MailTimeout, $"confirming {first}"));
        await NotificationTests.PutSubscriptionAsync(reader, first, "off");
        await NotificationTests.PutSubscriptionAsync(reader, second, "off");
        await platform.Mail.WaitForAsync(message => NotificationTests.IsConfirmation(message) && NotificationTests.IsTo(message, second), MailTimeout, $"confirming {second}");

        // A confirmation is queued in the saving request's own transaction: the count is final.
        Assert.Equal(1, await AdminDatabase.ScalarAsync<long>("SELECT count(*) FROM notification.mails WHERE address = $1 AND kind = 'confirmation'", first));
        Assert.Single(platform.Mail.To(first));
        using var anonymous = new HttpClient();
        using var stale = await anonymous.PostAsync(firstLink, null);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        using var tampered = await anonymous.PostAsync(new Uri(firstLink.AbsoluteUri.Replace("token=", "token=x", StringComparison.Ordinal)), null);
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Equal("application/problem+json", tampered.Content.Headers.ContentType?.MediaType);
        Assert.False((await reader.GetJsonAsync("/api/subscriptions")).GetProperty("emailConfirmed").GetBoolean());
    }

    [Fact]
    public async Task An_Account_Has_At_Most_Five_Confirmation_Mails_Sent_A_Day_And_The_Sixth_Address_Changes_Nothing()
    {
        var word = TestHelpers.UniqueWord();
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync("reader");
        for (var i = 1; i <= 5; i++)
        {
            await NotificationTests.PutSubscriptionAsync(client, $"{word}-{i}@example.com", "off");
        }

        using var sixth = await client.Http.PutAsJsonAsync("/api/subscriptions", new { email = $"{word}-6@example.com", digest = "off", keywords = new[] { "changed" } });

        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
        Assert.Equal("application/problem+json", sixth.Content.Headers.ContentType?.MediaType);
        var stored = await client.GetJsonAsync("/api/subscriptions");
        Assert.Equal($"{word}-5@example.com", stored.GetProperty("email").GetString());
        Assert.Empty(stored.GetProperty("keywords").EnumerateArray());
        Assert.Equal(5, await AdminDatabase.ScalarAsync<long>("SELECT count(*) FROM notification.mails WHERE user_name = $1 AND kind = 'confirmation'", client.UserNameOrThrow()));
    }

    [Fact]
    public async Task An_Address_The_Mail_Server_Refuses_Delays_No_One_Else()
    {
        var word = TestHelpers.UniqueWord();
        var refused = $"{word}@{TestMailServer.RefusedDomain}";
        var fine = $"{word}@example.com";
        using var unlucky = platform.CreateClient();
        await unlucky.SignUpAndSignInAsync("reader");
        using var reader = platform.CreateClient();
        await reader.SignUpAndSignInAsync("reader");

        // Both confirmations are queued at once, the refused one first: they go out in one batch.
        await NotificationTests.PutSubscriptionAsync(unlucky, refused, "off", word);
        await NotificationTests.PutSubscriptionAsync(reader, fine, "off", word);
        await NotificationTests.ConfirmAddressAsync(platform, fine);
        await TestHelpers.EventuallyAsync(async () => await AdminDatabase.ScalarAsync<long>(
                "SELECT count(*) FROM notification.mails WHERE address = $1 AND attempts > 0 AND last_error IS NOT NULL", refused) > 0 ? (bool?)true : null,
            "the refused confirmation to be tried and put back", MailTimeout);
        using var submitter = await NotificationTests.AuthorAsync(platform);
        var arxivId = await NotificationTests.SubmitAsync(submitter, $"On {word}");

        var alert = await platform.Mail.WaitForAsync(message => !NotificationTests.IsConfirmation(message) && NotificationTests.IsTo(message, fine), MailTimeout, $"an alert to {fine}");
        Assert.Contains($"/papers/{arxivId}", alert.TextBody);
        Assert.Empty(platform.Mail.To(refused));
        Assert.Null(await AdminDatabase.ScalarAsync<DateTimeOffset?>("SELECT sent_at FROM notification.mails WHERE address = $1", refused));
    }

    private static Task WaitForInAppAlertAsync(GatewayClient reader, string arxivId) =>
        TestHelpers.EventuallyAsync(async () => (await reader.GetJsonAsync("/api/notifications")).GetProperty("items")
            .EnumerateArray().Any(item => item.GetProperty("arxivId").GetString() == arxivId) ? "" : null, $"the in-app alert for {arxivId}");
}
