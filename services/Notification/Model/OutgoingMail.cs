namespace PapersPlatform.Notification.Model;

/// <summary>
/// An e-mail to send, and the record that it was sent. Senders lease due mails (so two instances
/// never send the same one), mark each sent on its own as soon as the SMTP server took it, and on
/// failure put it back with a later <see cref="DueAt"/>.
/// </summary>
public sealed class OutgoingMail
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string UserName { get; init; }
    public required string Address { get; init; }
    public required string Kind { get; init; }
    /// <summary>The digest it belongs to; unique per user, so a period's digest is queued once.</summary>
    public Guid? DigestRunId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset DueAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? LeasedUntil { get; set; }
    /// <summary>
    /// Who holds the lease: a fencing token taken anew with every lease. Marking a mail sent or
    /// postponed checks it, so a sender whose lease ran out can no longer touch the mail.
    /// </summary>
    public Guid? LeaseToken { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>Set when it will not be sent: retries ran out, or the user unsubscribed.</summary>
    public DateTimeOffset? AbandonedAt { get; set; }
    public string? LastError { get; set; }
}

public static class MailKinds
{
    public const string Digest = "digest";
    public const string KeywordAlert = "keyword-alert";

    /// <summary>The one mail an address gets before it is confirmed: a link that confirms it.</summary>
    public const string Confirmation = "confirmation";
}
