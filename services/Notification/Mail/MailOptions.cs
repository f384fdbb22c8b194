using System.ComponentModel.DataAnnotations;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Notification.Mail;

/// <summary>
/// E-mail settings (section <c>Mail</c>). Without <see cref="SmtpHost"/> no mail is composed or
/// sent; with it, <see cref="UnsubscribeKey"/> is required, since every mail carries a signed link.
/// </summary>
public sealed class MailOptions : IValidatableObject
{
    public const string Section = "Mail";

    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 25;
    public string From { get; set; } = "Papers Platform <papers@papers.invalid>";

    /// <summary>The public site that mails link to (paper pages, the unsubscribe link).</summary>
    public Uri SiteUrl { get; set; } = new("http://localhost:8080/");

    /// <summary>Signs the links in mails (unsubscribe, confirm an address): a secret of at least 32 characters.</summary>
    public string? UnsubscribeKey { get; set; }

    /// <summary>How long an unsubscribe link works: long enough for an old mail, not for ever.</summary>
    public TimeSpan UnsubscribeLinkLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// How long a confirmation link works. Saving the same unconfirmed address again mails a new
    /// one only after this long: an address gets one confirmation mail per lifetime.
    /// </summary>
    public TimeSpan ConfirmationLinkLifetime { get; set; } = TimeSpan.FromDays(2);

    /// <summary>Confirmation mails one account may have sent in a day (to different addresses): more is 429.</summary>
    public int ConfirmationsPerUserPerDay { get; set; } = 5;

    /// <summary>How often each instance looks for digests, alerts and mails that are due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Mails one sender takes at a time over one SMTP connection.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// How long a taken batch is the taker's alone: after a crash another instance sends it. A
    /// sender starts a mail only while at least <see cref="SendBudget"/> of its lease is left,
    /// renewing the lease first when less is, so it never sends on a lease someone else holds.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest one SMTP command may take.</summary>
    public TimeSpan SmtpTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest one mail may take: its four SMTP commands (MAIL, RCPT, DATA, the message).</summary>
    public TimeSpan SendBudget => 4 * SmtpTimeout;

    /// <summary>First wait after a failed send; it doubles with each attempt up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Attempts before a mail is given up (with the defaults, about a day of trying).</summary>
    public int MaxAttempts { get; set; } = 55;

    /// <summary>At most one keyword-alert mail per user in this time; matches in between wait for the next.</summary>
    public TimeSpan AlertInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Length of a daily and a weekly digest period (changed only to make tests quick).</summary>
    public TimeSpan DailyPeriod { get; set; } = TimeSpan.FromDays(1);
    public TimeSpan WeeklyPeriod { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Papers a digest lists.</summary>
    public int DigestPapers { get; set; } = 10;

    public bool Enabled => !string.IsNullOrWhiteSpace(SmtpHost);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && (UnsubscribeKey is null || UnsubscribeKey.Length < 32))
        {
            yield return new ValidationResult("Mail:UnsubscribeKey must be a secret of at least 32 characters when Mail:SmtpHost is set.", [nameof(UnsubscribeKey)]);
        }
        if (ExampleSecrets.IsPlaceholder(UnsubscribeKey))
        {
            yield return new ValidationResult("Mail:UnsubscribeKey is still the example value from deploy/compose.env.example; put a long random secret in .env.", [nameof(UnsubscribeKey)]);
        }
        if (Lease <= SendBudget)
        {
            yield return new ValidationResult("Mail:Lease must be longer than four times Mail:SmtpTimeout (the four SMTP commands of one mail), or a sender could not finish a mail within its lease.", [nameof(Lease)]);
        }
        if (PollInterval <= TimeSpan.Zero || DailyPeriod <= TimeSpan.Zero || WeeklyPeriod <= TimeSpan.Zero || RetryDelay <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Mail intervals and periods must be positive.");
        }
    }
}
