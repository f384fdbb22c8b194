namespace PapersPlatform.Accounts.Passwords;

public static class PasswordStrength
{
    /// <summary>
    /// PBKDF2-HMAC-SHA512 iterations: OWASP's Password Storage Cheat Sheet asks for 210,000
    /// (Identity's default is 100,000). Stored hashes with fewer are rehashed on sign-in.
    /// </summary>
    public const int Iterations = 210_000;
}
