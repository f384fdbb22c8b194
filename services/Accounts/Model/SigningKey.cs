namespace PapersPlatform.Accounts.Model;

/// <summary>An RSA key the service signs tokens with; its public half is published as JWKS.</summary>
public sealed class SigningKey
{
    public required string KeyId { get; init; }
    public required string PrivateKeyPem { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
