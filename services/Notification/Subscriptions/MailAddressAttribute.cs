using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace PapersPlatform.Notification.Subscriptions;

/// <summary>
/// An address the mail renderer will take: parsed with MimeKit's own strict parser when it is
/// saved, so that a mail to it can never fail to be built later ("a@(b" passes the
/// framework's [EmailAddress] and then throws in MimeKit). Just the address: no display name,
/// no group, no list.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class MailAddressAttribute() : ValidationAttribute("Must be one e-mail address, such as ada@example.org.")
{
    private static readonly ParserOptions Strict = new()
    {
        AddressParserComplianceMode = RfcComplianceMode.Strict,
        AllowAddressesWithoutDomain = false,
    };

    public override bool IsValid(object? value) =>
        value is not string text
        || (MailboxAddress.TryParse(Strict, text, out var mailbox)
            && string.IsNullOrEmpty(mailbox.Name)
            && string.Equals(mailbox.Address, text.Trim(), StringComparison.Ordinal)
            && mailbox.Domain is { Length: > 0 } domain && domain.Contains('.', StringComparison.Ordinal));
}
