using Microsoft.IdentityModel.Tokens;
using PapersPlatform.Accounts.Tokens;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Accounts.Apis;

/// <summary>
/// The discovery document and JWKS that JwtBearer in the gateway and every service read to
/// validate tokens. Internal: the gateway does not route them.
/// </summary>
public static class SigningKeysApi
{
    public static IEndpointRouteBuilder MapSigningKeysApi(this IEndpointRouteBuilder app)
    {
        var wellKnown = app.MapGroup(".well-known").ExcludeFromDescription();
        wellKnown.MapGet("openid-configuration", GetDiscoveryDocument);
        wellKnown.MapGet("jwks.json", GetKeySetAsync);
        return app;
    }

    private static IResult GetDiscoveryDocument(HttpRequest request) =>
        TypedResults.Json(new Dictionary<string, object>
        {
            ["issuer"] = AuthenticationExtensions.Issuer,
            ["jwks_uri"] = $"{request.Scheme}://{request.Host}{request.PathBase}/.well-known/jwks.json",
            ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
        });

    private static async Task<IResult> GetKeySetAsync(SigningKeys keys, CancellationToken cancellationToken)
    {
        var all = await keys.GetAllAsync(cancellationToken);
        return TypedResults.Json(new
        {
            keys = all.Select(key =>
            {
                var publicKey = key.Rsa.ExportParameters(includePrivateParameters: false);
                return new Dictionary<string, string>
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["alg"] = SecurityAlgorithms.RsaSha256,
                    ["kid"] = key.KeyId,
                    ["n"] = Base64UrlEncoder.Encode(publicKey.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(publicKey.Exponent),
                };
            }),
        });
    }
}
