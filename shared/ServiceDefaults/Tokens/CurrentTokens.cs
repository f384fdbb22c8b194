using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace PapersPlatform.ServiceDefaults.Tokens;

/// <summary>
/// Whether a token with a valid signature is still current: its user has not signed out
/// everywhere since it was issued. Every token carries its user's token generation ("gen");
/// signing out everywhere moves the generation on, and a token of an older one is refused.
/// </summary>
public interface ICurrentTokenCheck
{
    /// <returns>true or false, or null when it cannot be told just now (the token is then accepted).</returns>
    Task<bool?> IsCurrentAsync(string user, int generation, string encodedToken, CancellationToken cancellationToken);
}

public static class CurrentTokens
{
    /// <summary>The claim that holds the generation of the user's tokens a token belongs to.</summary>
    public const string GenerationClaim = "gen";

    /// <summary>JwtBearer's OnTokenValidated: a token its user signed out everywhere is refused like a forged one (401).</summary>
    public static async Task RefuseSignedOutTokensAsync(TokenValidatedContext context)
    {
        if (context.Principal?.FindFirstValue("sub") is not { } user)
        {
            return;
        }
        // Tokens from before generations existed belong to the first one.
        var generation = int.TryParse(context.Principal.FindFirstValue(GenerationClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
        var encoded = (context.SecurityToken as JsonWebToken)?.EncodedToken ?? "";
        var check = context.HttpContext.RequestServices.GetRequiredService<ICurrentTokenCheck>();
        if (await check.IsCurrentAsync(user, generation, encoded, context.HttpContext.RequestAborted) == false)
        {
            context.Fail("The token's user signed out everywhere after it was issued.");
        }
    }
}
