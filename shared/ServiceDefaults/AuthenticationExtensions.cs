using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using PapersPlatform.ServiceDefaults.Tokens;

namespace PapersPlatform.ServiceDefaults;

/// <summary>
/// Every service validates the bearer tokens the accounts service signs: the gateway checks them
/// too, but a service trusts nobody just for being reachable.
/// </summary>
public static class AuthenticationExtensions
{
    public const string Issuer = "papers-platform";
    public const string Audience = "papers-platform";

    /// <summary>
    /// Where the signing keys are, by service name: "http://accounts" resolves through .NET
    /// service discovery (services:accounts:http:&lt;n&gt;, set by the AppHost, compose or the
    /// cluster), falling back to DNS for the name itself. Auth:Authority overrides it.
    /// </summary>
    public const string DefaultAuthority = "http://accounts";

    private const string KeysClientName = "accounts-keys";

    public static IHostApplicationBuilder AddPlatformAuthentication(this IHostApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection("Auth");
        var authority = auth["Authority"] ?? DefaultAuthority;
        builder.Services.AddServiceDiscovery();
        builder.Services.AddHttpClient(KeysClientName, client => client.Timeout = TimeSpan.FromSeconds(10)).AddServiceDiscovery();
        // The handler fetches the discovery document and keys with this client, so that the
        // accounts service's name resolves to its instances.
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IHttpClientFactory>((options, http) => options.Backchannel ??= http.CreateClient(KeysClientName));
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                // Keys come from the accounts service's discovery document and JWKS, refreshed
                // by the handler when it sees an unknown key id.
                options.Authority = authority;
                // Plain HTTP to the accounts service is only allowed where configuration says so
                // (loopback in local runs, the internal network in compose).
                options.RequireHttpsMetadata = auth.GetValue("RequireHttpsMetadata", defaultValue: true);
                options.MapInboundClaims = false;
                options.TokenValidationParameters.ValidIssuer = Issuer;
                options.TokenValidationParameters.ValidAudience = Audience;
                options.TokenValidationParameters.NameClaimType = "sub";
                options.Events = new JwtBearerEvents
                {
                    OnChallenge = AnswerUnavailableKeysWith503Async,
                    OnTokenValidated = CurrentTokens.RefuseSignedOutTokensAsync,
                };
            });
        builder.Services.AddAuthorization();
        // The token handler compiled before the service says it is ready (and the keys fetched beside).
        builder.Services.AddStartupWarmup<TokenValidationWarmup>();
        // Whether a token was signed out everywhere: the accounts service knows (it replaces this with its own database).
        builder.Services.AddHttpClient(AccountsTokenCheck.ClientName, client =>
        {
            client.BaseAddress = new Uri(authority.TrimEnd('/') + "/");
            client.Timeout = TimeSpan.FromSeconds(2);
        }).AddServiceDiscovery();
        builder.Services.TryAddSingleton<ICurrentTokenCheck, AccountsTokenCheck>();
        return builder;
    }

    /// <summary>
    /// A token whose key cannot be found because the keys could not be fetched at all (the
    /// accounts service or its database away while this process started) is not the caller's
    /// fault: 503 problem+json with Retry-After, not 401. A token signed with a key that is not
    /// among keys fetched fine stays a 401.
    /// </summary>
    private static async Task AnswerUnavailableKeysWith503Async(JwtBearerChallengeContext context)
    {
        if (context.AuthenticateFailure is not SecurityTokenSignatureKeyNotFoundException || context.Options.ConfigurationManager is not { } keys)
        {
            return;
        }
        try
        {
            await keys.GetConfigurationAsync(context.HttpContext.RequestAborted);
            return; // the keys are there: the token's key is not among them
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // fall through: no keys to validate with
        }
        context.HandleResponse();
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = "Sign-in keys are briefly unavailable." },
        });
    }

    /// <summary>The signed-in user's name (the token's subject).</summary>
    public static string UserName(this ClaimsPrincipal user) =>
        user.FindFirstValue("sub") ?? throw new InvalidOperationException("The token has no subject.");
}
