using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace PapersPlatform.Notification.Mail;

/// <summary>What a link in a mail does: each token works for its own purpose only.</summary>
public static class MailLinkPurposes
{
    public const string Unsubscribe = "unsubscribe";
    public const string Confirm = "confirm";
}

/// <summary>
/// The signed token of a link in a mail: its purpose, the user, the address the mail went to and
/// when the link stops working, with an HMAC over all of it (keyed by Mail:UnsubscribeKey). It
/// needs no sign-in, and it cannot act on an address it was not sent to, do another link's job,
/// or work after its time.
/// </summary>
public sealed class MailLinkTokens(IOptions<MailOptions> options, TimeProvider clock)
{
    public string Create(string purpose, string userName, string address, TimeSpan lifetime)
    {
        var expires = (clock.GetUtcNow() + lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var payload = Encoding.UTF8.GetBytes($"{purpose}\n{userName}\n{address}\n{expires}");
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(Sign(payload))}";
    }

    public bool TryRead(string purpose, string? token, out string userName, out string address)
    {
        (userName, address) = ("", "");
        var parts = token?.Split('.');
        if (parts is not [var payloadPart, var signaturePart])
        {
            return false;
        }
        try
        {
            var payload = Base64Url.DecodeFromChars(payloadPart);
            if (!CryptographicOperations.FixedTimeEquals(Sign(payload), Base64Url.DecodeFromChars(signaturePart))
                || Encoding.UTF8.GetString(payload).Split('\n') is not [var madeFor, var user, var mailedTo, var expires]
                || madeFor != purpose
                || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt)
                || clock.GetUtcNow().ToUnixTimeSeconds() > expiresAt)
            {
                return false;
            }
            (userName, address) = (user, mailedTo);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private byte[] Sign(byte[] payload) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.UnsubscribeKey ?? throw new InvalidOperationException("Mail:UnsubscribeKey is not set.")), payload);
}
