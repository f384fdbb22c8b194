using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PapersPlatform.ServiceDefaults;

/// <summary>
/// Every service validates the bearer tokens the accounts service signs: the gateway checks them
/// too, but a service trusts nobody just for being reachable.
/// </summary>
public static class AuthenticationExtensions
{
    public const string Issuer = "papers-platform";
    public const string Audience = "papers-platform";

    public static IHostApplicationBuilder AddPlatformAuthentication(this IHostApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection("Auth");
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                // Keys come from the accounts service's discovery document and JWKS, refreshed
                // by the handler when it sees an unknown key id.
                options.Authority = auth["Authority"];
                // Plain HTTP to the accounts service is only allowed where configuration says so
                // (loopback in local runs, the internal network in compose).
                options.RequireHttpsMetadata = auth.GetValue("RequireHttpsMetadata", defaultValue: true);
                options.MapInboundClaims = false;
                options.TokenValidationParameters.ValidIssuer = Issuer;
                options.TokenValidationParameters.ValidAudience = Audience;
                options.TokenValidationParameters.NameClaimType = "sub";
            });
        builder.Services.AddAuthorization();
        return builder;
    }

    /// <summary>The signed-in user's name (the token's subject).</summary>
    public static string UserName(this ClaimsPrincipal user) =>
        user.FindFirstValue("sub") ?? throw new InvalidOperationException("The token has no subject.");
}
