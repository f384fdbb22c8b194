using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PapersPlatform.Accounts.Model;
using PapersPlatform.ServiceDefaults;
using PapersPlatform.ServiceDefaults.Tokens;

namespace PapersPlatform.Accounts.Tokens;

public sealed class TokenIssuer(SigningKeys keys, TimeProvider clock, IConfiguration configuration)
{
    // Fractions allowed (0.05 = 3 s): a test of what happens when a token runs out cannot wait an hour.
    private readonly TimeSpan _lifetime = TimeSpan.FromMinutes(configuration.GetValue("Auth:TokenLifetimeMinutes", 60.0));
    private readonly JsonWebTokenHandler _handler = new();

    public async Task<IssuedToken> IssueAsync(User user, CancellationToken cancellationToken)
    {
        var key = await keys.GetCurrentAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthenticationExtensions.Issuer,
            Audience = AuthenticationExtensions.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + _lifetime,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = user.UserName,
                [JwtRegisteredClaimNames.Email] = user.Email,
                [CurrentTokens.GenerationClaim] = user.TokenGeneration,
            },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
        return new IssuedToken(token, (int)_lifetime.TotalSeconds);
    }
}

public sealed record IssuedToken(string AccessToken, int ExpiresIn);
