using System.ComponentModel.DataAnnotations;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PapersPlatform.Gateway.Proxy;
using PapersPlatform.Gateway.RateLimiting;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Gateway.Session;

/// <summary>
/// Sign-in for the web page: the gateway asks the accounts service for a token and keeps it in
/// the session cookie (<see cref="SessionCookie"/>) instead of handing it to page scripts.
/// </summary>
internal static class SessionApi
{
    /// <summary>As long as a proxied route may take (the gateway's default route timeout).</summary>
    private static readonly TimeSpan SignInBudget = TimeSpan.FromSeconds(10);

    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        // A name and a password: small, like every anonymous JSON body.
        var session = app.MapGroup("api/session").WithTags("Session").WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(16 * 1024));
        session.MapGet("", Get).WithName("GetSession").WithSummary("Who is signed in on this browser ({username: null} when nobody).");
        session.MapPost("", SignInAsync).WithName("SignIn").WithSummary("Signs in: the token goes into an HttpOnly cookie, never to the page.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .RequireRateLimiting(RateLimitPolicies.SignIns).WithMetadata(SignInEndpoint.Instance);
        session.MapDelete("", SignOut).WithName("SignOut").WithSummary("Signs out: the cookie is removed.");
        return app;
    }

    /// <summary>Authentication already ran for every request (cookie or bearer token): this only reads its result.</summary>
    public static Ok<SessionResponse> Get(ClaimsPrincipal user) =>
        TypedResults.Ok(new SessionResponse(user.Identity?.IsAuthenticated == true ? user.UserName() : null));

    public static async Task<IResult> SignInAsync(SignInRequest request, HttpContext context, ServiceCalls services, CancellationToken cancellationToken)
    {
        var answer = await services.SendAsync("accounts", HttpMethod.Post, "/api/accounts/token", JsonContent.Create(request),
            bearerToken: null, SignInBudget, cancellationToken);
        if (answer.Status is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Signing in is unavailable.",
                detail: "The accounts service is not answering just now. Try again shortly.");
        }
        if (answer.Body is not { } body)
        {
            // The accounts service's own problem (wrong password, unknown user), as it said it.
            return TypedResults.Content(answer.Text, "application/problem+json", statusCode: (int)answer.Status);
        }
        var token = body.Deserialize<TokenResponse>(JsonSerializerOptions.Web)!;
        SessionCookie.Append(context, token.AccessToken, TimeSpan.FromSeconds(token.ExpiresIn));
        return TypedResults.Ok(new SessionResponse(request.Username));
    }

    public static NoContent SignOut(HttpContext context)
    {
        SessionCookie.Delete(context);
        return TypedResults.NoContent();
    }
}

public sealed record SignInRequest([Required] string Username, [Required] string Password);

public sealed record SessionResponse(string? Username);

internal sealed record TokenResponse(string AccessToken, int ExpiresIn);
