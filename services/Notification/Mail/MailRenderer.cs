using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using PapersPlatform.Notification.Model;

namespace PapersPlatform.Notification.Mail;

/// <summary>
/// Turns a queued mail into a MIME message: HTML and plain text, links to the papers, and a signed
/// unsubscribe link in the body and in <c>List-Unsubscribe</c> (one click, RFC 8058); or, for an
/// address not yet confirmed, the one mail with a link that confirms it.
/// </summary>
public sealed class MailRenderer(IOptions<MailOptions> options, MailLinkTokens tokens)
{
    /// <summary>Names the digest a mail belongs to: "{frequency} {period start, ISO 8601}".</summary>
    public const string DigestPeriodHeader = "X-Papers-Digest-Period";

    private MailOptions Options => options.Value;

    public MimeMessage Digest(OutgoingMail mail, DigestRun run)
    {
        var period = run.Frequency == DigestFrequencies.Weekly
            ? $"the week of {run.PeriodStart.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}"
            : run.PeriodStart.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        var html = new StringBuilder($"<h1 style=\"font-size:20px\">Top papers of {Html(period)}</h1>\n<ol>\n");
        var text = new StringBuilder($"Top papers of {period}\n\n");
        foreach (var (paper, rank) in run.Papers.Select((paper, index) => (paper, index + 1)))
        {
            var authors = paper.Authors.Count > 3 ? $"{string.Join(", ", paper.Authors.Take(3))} et al." : string.Join(", ", paper.Authors);
            html.Append(CultureInfo.InvariantCulture, $"""
                <li style="margin-bottom:12px"><a href="{Html(PaperPage(paper.ArxivId))}">{Html(paper.Title)}</a><br>
                <small>{Html(authors)} · <a href="{Html(ArxivPage(paper.ArxivId))}">arXiv:{Html(paper.ArxivId)}</a></small></li>

                """);
            text.Append(CultureInfo.InvariantCulture, $"{rank}. {paper.Title}\n   {authors}\n   {PaperPage(paper.ArxivId)}\n\n");
        }
        html.Append("</ol>\n");
        var message = Compose(mail, $"Top papers of {period}", html, text, $"a {run.Frequency} digest");
        message.Headers.Add(DigestPeriodHeader, $"{run.Frequency} {run.PeriodStart.UtcDateTime:O}");
        return message;
    }

    public MimeMessage KeywordAlert(OutgoingMail mail, IReadOnlyList<UserNotification> matches)
    {
        var subject = matches.Count == 1 ? matches[0].Message : $"{matches.Count} new papers match your keywords";
        var html = new StringBuilder("<h1 style=\"font-size:20px\">New papers matching your keywords</h1>\n<ul>\n");
        var text = new StringBuilder("New papers matching your keywords\n\n");
        foreach (var match in matches)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li style=\"margin-bottom:12px\"><a href=\"{Html(PaperPage(match.ArxivId))}\">{Html(match.Message)}</a></li>\n");
            text.Append(CultureInfo.InvariantCulture, $"- {match.Message}\n  {PaperPage(match.ArxivId)}\n\n");
        }
        html.Append("</ul>\n");
        return Compose(mail, subject, html, text, "keyword alerts");
    }

    /// <summary>No unsubscribe link: nothing else is mailed to the address unless this link is followed.</summary>
    public MimeMessage Confirmation(OutgoingMail mail)
    {
        var token = tokens.Create(MailLinkPurposes.Confirm, mail.UserName, mail.Address, Options.ConfirmationLinkLifetime);
        var link = new Uri(Options.SiteUrl, $"api/subscriptions/confirm?token={token}").AbsoluteUri;
        var days = Options.ConfirmationLinkLifetime.TotalDays.ToString("0.#", CultureInfo.InvariantCulture);
        var html = $"""
            <!doctype html><html><body style="font-family:sans-serif">
            <p>The account <b>{Html(mail.UserName)}</b> on <a href="{Html(Options.SiteUrl.AbsoluteUri)}">Papers Platform</a> asked for digests and alerts at this address.</p>
            <p><a href="{Html(link)}">Confirm this address</a> (the link works for {days} days).</p>
            <p style="color:#666;font-size:12px">Not you? Ignore this mail: nothing else will be sent to this address.</p>
            </body></html>
            """;
        var text = $"""
            The account {mail.UserName} on Papers Platform ({Options.SiteUrl.AbsoluteUri}) asked for digests and alerts at this address.

            Confirm this address (the link works for {days} days):
            {link}

            Not you? Ignore this mail: nothing else will be sent to this address.

            """;
        return Message(mail, "Confirm your e-mail address for Papers Platform", html, text);
    }

    private MimeMessage Compose(OutgoingMail mail, string subject, StringBuilder html, StringBuilder text, string reason)
    {
        var token = tokens.Create(MailLinkPurposes.Unsubscribe, mail.UserName, mail.Address, Options.UnsubscribeLinkLifetime);
        var unsubscribe = new Uri(Options.SiteUrl, $"api/subscriptions/unsubscribe?token={token}").AbsoluteUri;
        html.Append(CultureInfo.InvariantCulture, $"""
            <hr><p style="color:#666;font-size:12px">You get this mail because you asked <a href="{Html(Options.SiteUrl.AbsoluteUri)}">Papers Platform</a> for {Html(reason)}.
            <a href="{Html(unsubscribe)}">Unsubscribe from all e-mail</a></p>
            """);
        text.Append(CultureInfo.InvariantCulture, $"--\nYou get this mail because you asked Papers Platform ({Options.SiteUrl.AbsoluteUri}) for {reason}.\nUnsubscribe from all e-mail: {unsubscribe}\n");

        var message = Message(mail, subject, $"<!doctype html><html><body style=\"font-family:sans-serif\">{html}</body></html>", text.ToString());
        message.Headers.Add(HeaderId.ListUnsubscribe, $"<{unsubscribe}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        return message;
    }

    private MimeMessage Message(OutgoingMail mail, string subject, string html, string text)
    {
        var message = new MimeMessage
        {
            Subject = subject,
            // The same id on every attempt: a receiver can tell a resend after a crash from a new mail.
            MessageId = $"{mail.Id}@papers-platform",
            Body = new BodyBuilder { HtmlBody = html, TextBody = text }.ToMessageBody(),
        };
        message.From.Add(MailboxAddress.Parse(Options.From));
        message.To.Add(new MailboxAddress(mail.UserName, mail.Address));
        return message;
    }

    /// <summary>The paper's page on the site, where the reader can upvote it.</summary>
    private string PaperPage(string arxivId) => new Uri(Options.SiteUrl, $"papers/{Uri.EscapeDataString(arxivId)}").AbsoluteUri;

    private static string ArxivPage(string arxivId) => $"https://arxiv.org/abs/{arxivId}";

    private static string Html(string text) => WebUtility.HtmlEncode(text);
}
