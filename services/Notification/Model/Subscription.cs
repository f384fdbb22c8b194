namespace PapersPlatform.Notification.Model;

/// <summary>What a user wants to hear about beyond in-app notices: e-mail digests and keyword alerts.</summary>
public sealed class Subscription
{
    public required string UserName { get; init; }
    public string? Email { get; set; }
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
