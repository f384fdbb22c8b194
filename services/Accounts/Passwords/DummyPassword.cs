using Microsoft.AspNetCore.Identity;
using PapersPlatform.Accounts.Model;

namespace PapersPlatform.Accounts.Passwords;

/// <summary>
/// A hash of a random password, made once with the same hasher (same algorithm and iterations) as
/// every account's: checking a password against it takes as long as checking a real one.
/// </summary>
public sealed class DummyPassword(IPasswordHasher<User> hasher)
{
    private static readonly User Nobody = new()
    {
        UserName = "",
        NormalizedUserName = "",
        Email = "",
        NormalizedEmail = "",
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    private readonly string _hash = hasher.HashPassword(Nobody, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));

    /// <summary>Always Failed, after as much work as a real check.</summary>
    public PasswordVerificationResult Verify(string password) => hasher.VerifyHashedPassword(Nobody, _hash, password);
}
