namespace PapersPlatform.ServiceDefaults;

/// <summary>
/// The placeholders of deploy/compose.env.example ("change-me…") must never pass as secrets: a
/// process handed one refuses to start and says which setting to fill in.
/// </summary>
public static class ExampleSecrets
{
    private const string Placeholder = "change-me";

    public static bool IsPlaceholder(string? secret) => secret?.Contains(Placeholder, StringComparison.OrdinalIgnoreCase) == true;

    /// <exception cref="InvalidOperationException">The secret is still the example's placeholder.</exception>
    public static void Refuse(string setting, string? secret)
    {
        if (IsPlaceholder(secret))
        {
            throw new InvalidOperationException(
                $"{setting} is still the example value from deploy/compose.env.example. Put a long random secret in .env (or the secret store) and start again.");
        }
    }
}
