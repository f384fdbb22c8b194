namespace PapersPlatform.Notification.Model;

/// <summary>What a user wants to hear about beyond in-app notices: e-mail digests and keyword alerts.</summary>
public sealed class Subscription
{
    public required string UserName { get; init; }
    public string? Email { get; set; }

    /// <summary>
    /// When the owner of <see cref="Email"/> confirmed it (the link in the confirmation mail). Until
    /// then nothing but that mail goes to it: no account can have mail sent to someone who never asked.
    /// </summary>
    public DateTimeOffset? EmailConfirmedAt { get; set; }
    public required string Digest { get; set; }
    public required List<string> Keywords { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public static class DigestFrequencies
{
    public const string Off = "off";
    public const string Daily = "daily";
    public const string Weekly = "weekly";
}
