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

        var saved = await PutAsync(reader, address, word);
        Assert.False(saved.GetProperty("emailConfirmed").GetBoolean());
        var confirmation = await platform.Mail.WaitForAsync(message => NotificationTests.IsConfirmation(message) && IsTo(message, address), MailTimeout, $"confirming {address}");
        var before = await NotificationTests.SubmitAsync(submitter, $"{word} before confirming");
        await WaitForInAppAlertAsync(reader, before);
        // Past the alert interval, when an alert mail to a confirmed address would have gone.
        await Task.Delay(PlatformFixture.AlertInterval + TimeSpan.FromSeconds(3));
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
        var alert = await platform.Mail.WaitForAsync(message => !NotificationTests.IsConfirmation(message) && IsTo(message, address), MailTimeout, $"an alert to {address}");
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

        await PutAsync(reader, first);
        var firstLink = NotificationTests.ConfirmationLink(await platform.Mail.WaitForAsync(
            message => NotificationTests.IsConfirmation(message) && IsTo(message, first), MailTimeout, $"confirming {first}"));
        await PutAsync(reader, first);
        await PutAsync(reader, second);
        await platform.Mail.WaitForAsync(message => NotificationTests.IsConfirmation(message) && IsTo(message, second), MailTimeout, $"confirming {second}");
        await Task.Delay(TimeSpan.FromSeconds(2));

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
        await PutAsync(unlucky, refused, word);
        await PutAsync(reader, fine, word);
        await NotificationTests.ConfirmAddressAsync(platform, fine);
        await TestHelpers.EventuallyAsync(async () => await AdminDatabase.ScalarAsync<long>(
                "SELECT count(*) FROM notification.mails WHERE address = $1 AND attempts > 0 AND last_error IS NOT NULL", refused) > 0 ? (bool?)true : null,
            "the refused confirmation to be tried and put back", MailTimeout);
        using var submitter = await NotificationTests.AuthorAsync(platform);
        var arxivId = await NotificationTests.SubmitAsync(submitter, $"On {word}");

        var alert = await platform.Mail.WaitForAsync(message => !NotificationTests.IsConfirmation(message) && IsTo(message, fine), MailTimeout, $"an alert to {fine}");
        Assert.Contains($"/papers/{arxivId}", alert.TextBody);
        Assert.Empty(platform.Mail.To(refused));
        Assert.Null(await AdminDatabase.ScalarAsync<DateTimeOffset?>("SELECT sent_at FROM notification.mails WHERE address = $1", refused));
    }

    private static async Task<JsonElement> PutAsync(GatewayClient client, string email, params string[] keywords)
    {
        using var response = await client.Http.PutAsJsonAsync("/api/subscriptions", new { email, digest = "off", keywords });
        await response.EnsureStatusAsync(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Task WaitForInAppAlertAsync(GatewayClient reader, string arxivId) =>
        TestHelpers.EventuallyAsync(async () => (await reader.GetJsonAsync("/api/notifications")).GetProperty("items")
            .EnumerateArray().Any(item => item.GetProperty("arxivId").GetString() == arxivId) ? "" : null, $"the in-app alert for {arxivId}");

    private static bool IsTo(MimeMessage message, string address) =>
        message.To.Mailboxes.Any(mailbox => string.Equals(mailbox.Address, address, StringComparison.OrdinalIgnoreCase));
}
