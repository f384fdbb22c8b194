using Microsoft.AspNetCore.Authentication.JwtBearer;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace PapersPlatform.Gateway.Session;

/// <summary>
/// The web page's session: the access token lives in an HttpOnly, SameSite=Strict cookie that page
/// scripts cannot read. The gateway accepts it where an API client would send a bearer token, and
/// forwards it to the services as one, so they keep validating plain bearer tokens.
/// </summary>
internal static class SessionCookie
{
    /// <summary>Over plain HTTP (a local run).</summary>
    public const string Name = "papers_session";

    /// <summary>
    /// Over HTTPS (also behind a trusted TLS-terminating proxy): the __Host- prefix makes the
    /// browser keep it only if it is Secure, for the whole site, and set by this very host, so a
    /// sibling sub-domain cannot plant or overwrite it.
    /// </summary>
    public const string SecureName = "__Host-papers_session";

    public static void Append(HttpContext context, string accessToken, TimeSpan lifetime) =>
        context.Response.Cookies.Append(NameFor(context.Request), accessToken, Options(context, lifetime));

    /// <summary>Both names: a plain cookie planted over HTTP (or by a sibling host) must not outlive a sign-out.</summary>
    public static void Delete(HttpContext context)
    {
        context.Response.Cookies.Delete(NameFor(context.Request), Options(context, TimeSpan.Zero));
        if (context.Request.IsHttps && context.Request.Cookies.ContainsKey(Name))
        {
            var plain = Options(context, TimeSpan.Zero);
            plain.Secure = false;
            context.Response.Cookies.Delete(Name, plain);
        }
    }

    public static bool IsPresent(HttpRequest request) => TryRead(request, out _);

    /// <summary>
    /// JwtBearer reads the token from the cookie when the request carries no Authorization header.
    /// The shared events (the 503 when keys are unavailable) stay as they are.
    /// </summary>
    public static void ReadFromCookie(JwtBearerOptions options)
    {
        options.Events ??= new JwtBearerEvents();
        options.Events.OnMessageReceived = context =>
        {
            if (!context.Request.Headers.Authorization.Any() && TryRead(context.Request, out var token))
            {
                context.Token = token;
            }
            return Task.CompletedTask;
        };
    }

    /// <summary>Proxied requests carry the cookie's token as a bearer token, and no cookies at all.</summary>
    public static void ForwardAsBearer(TransformBuilderContext transforms) =>
        transforms.AddRequestTransform(transform =>
        {
            var request = transform.HttpContext.Request;
            if (!request.Headers.Authorization.Any() && TryRead(request, out var token))
            {
                transform.ProxyRequest.Headers.Authorization = new("Bearer", token);
            }
            transform.ProxyRequest.Headers.Remove("Cookie");
            return ValueTask.CompletedTask;
        });

    /// <summary>The bearer token a gateway call of its own forwards: the caller's header, or the cookie's token.</summary>
    public static string? BearerTokenOf(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { Length: > 0 } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..]
            : TryRead(request, out var token) ? token : null;

    /// <summary>Over HTTPS only the __Host- cookie counts: a plain one could have been planted.</summary>
    private static bool TryRead(HttpRequest request, out string token) =>
        request.Cookies.TryGetValue(request.IsHttps ? SecureName : Name, out token!);

    private static string NameFor(HttpRequest request) => request.IsHttps ? SecureName : Name;

    private static CookieOptions Options(HttpContext context, TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        // Never sent by another site's page: no cross-site request can act with it.
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        MaxAge = lifetime,
    };
}
