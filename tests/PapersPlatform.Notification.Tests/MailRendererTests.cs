using Microsoft.Extensions.Options;
using PapersPlatform.Notification.Mail;
using PapersPlatform.Notification.Model;

namespace PapersPlatform.Notification.Tests;

public sealed class MailRendererTests
{
    private static readonly MailOptions Settings = new() { UnsubscribeKey = "a-key-for-unit-tests-that-is-long-enough", SiteUrl = new("https://papers.example/") };
    private readonly MailRenderer _renderer = new(Options.Create(Settings), new MailLinkTokens(Options.Create(Settings), TimeProvider.System));
    private readonly OutgoingMail _mail = new() { UserName = "ada", Address = "ada@example.com", Kind = MailKinds.Digest };

    [Fact]
    public void Digest_ListsPapersInOrder_InHtmlAndText_WithLinksAndUnsubscribe()
    {
        var run = new DigestRun
        {
            Frequency = DigestFrequencies.Daily,
            PeriodStart = new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero),
            Papers = [new("2411.00001", "First <b>bold</b>", ["A", "B", "C", "D"]), new("2411.00002", "Second", ["E"])],
        };

        var message = _renderer.Digest(_mail, run);

        Assert.Equal("Top papers of 27 November 2026", message.Subject);
        Assert.True(message.TextBody!.IndexOf("First <b>bold</b>", StringComparison.Ordinal) < message.TextBody.IndexOf("Second", StringComparison.Ordinal));
        Assert.Contains("A, B, C et al.", message.TextBody);
        Assert.Contains("https://papers.example/papers/2411.00001", message.TextBody);
        Assert.Contains("First &lt;b&gt;bold&lt;/b&gt;", message.HtmlBody); // titles are text, not markup
        Assert.Contains("https://arxiv.org/abs/2411.00002", message.HtmlBody);
        Assert.Contains("https://papers.example/", message.HtmlBody);
        Assert.Equal("daily 2026-11-27T00:00:00.0000000Z", message.Headers[MailRenderer.DigestPeriodHeader]);
        Assert.StartsWith("<https://papers.example/api/subscriptions/unsubscribe?token=", message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Assert.Equal($"{_mail.Id}@papers-platform", message.MessageId);
    }

    [Fact]
    public void KeywordAlert_OfOnePaper_HasItsMessageAsSubject_AndOfSeveral_CountsThem()
    {
        UserNotification Match(string arxivId) => new()
        {
            Recipient = "ada", Kind = NotificationKinds.Keyword, ArxivId = arxivId, Title = "T", Message = $"New paper matching \"graphs\": {arxivId}",
        };

        Assert.Equal("New paper matching \"graphs\": 2411.00001", _renderer.KeywordAlert(_mail, [Match("2411.00001")]).Subject);
        var several = _renderer.KeywordAlert(_mail, [Match("2411.00001"), Match("2411.00002")]);
        Assert.Equal("2 new papers match your keywords", several.Subject);
        Assert.Contains("https://papers.example/papers/2411.00002", several.TextBody);
    }

    [Fact]
    public void Confirmation_LinksToConfirmingTheAddress_AndOffersNoUnsubscribe()
    {
        var message = _renderer.Confirmation(new OutgoingMail { UserName = "ada", Address = "ada@example.com", Kind = MailKinds.Confirmation });

        Assert.Equal("Confirm your e-mail address for Papers Platform", message.Subject);
        Assert.Contains("https://papers.example/api/subscriptions/confirm?token=", message.TextBody);
        Assert.Contains("https://papers.example/api/subscriptions/confirm?token=", message.HtmlBody);
        Assert.Null(message.Headers[MimeKit.HeaderId.ListUnsubscribe]);
    }
}
