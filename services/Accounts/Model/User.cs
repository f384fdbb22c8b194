namespace PapersPlatform.Accounts.Model;

public sealed class User
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string UserName { get; init; }
    /// <summary>Lower-cased user name: "Alice" and "alice" are the same account.</summary>
    public required string NormalizedUserName { get; init; }
    public required string Email { get; init; }
    public required string NormalizedEmail { get; init; }
    public string PasswordHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// The generation of this user's tokens: every token carries it, and signing out everywhere
    /// moves it on, which makes every token issued before stop working (see CurrentTokens).
    /// </summary>
    public int TokenGeneration { get; set; }
}
