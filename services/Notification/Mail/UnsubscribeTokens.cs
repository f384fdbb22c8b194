using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace PapersPlatform.Notification.Mail;

/// <summary>
/// The signed token of an unsubscribe link: the user and the address the mail went to, with an
/// HMAC over both. It needs no sign-in, and it cannot stop mail to an address it was not sent to.
/// </summary>
public sealed class UnsubscribeTokens(IOptions<MailOptions> options)
{
    public string Create(string userName, string address)
    {
        var payload = Encoding.UTF8.GetBytes($"{userName}\n{address}");
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(Sign(payload))}";
    }

    public bool TryRead(string? token, out string userName, out string address)
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
                || Encoding.UTF8.GetString(payload).Split('\n') is not [var user, var mailedTo])
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
