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
    public const string Name = "papers_session";

    public static void Append(HttpContext context, string accessToken, TimeSpan lifetime) =>
        context.Response.Cookies.Append(Name, accessToken, Options(context, lifetime));

    public static void Delete(HttpContext context) => context.Response.Cookies.Delete(Name, Options(context, TimeSpan.Zero));

    /// <summary>JwtBearer reads the token from the cookie when the request carries no Authorization header.</summary>
    public static void ReadFromCookie(JwtBearerOptions options) =>
        options.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                if (!context.Request.Headers.Authorization.Any() && context.Request.Cookies.TryGetValue(Name, out var token))
                {
                    context.Token = token;
                }
                return Task.CompletedTask;
            },
        };

    /// <summary>Proxied requests carry the cookie's token as a bearer token, and no cookies at all.</summary>
    public static void ForwardAsBearer(TransformBuilderContext transforms) =>
        transforms.AddRequestTransform(transform =>
        {
            var request = transform.HttpContext.Request;
            if (!request.Headers.Authorization.Any() && request.Cookies.TryGetValue(Name, out var token))
            {
                transform.ProxyRequest.Headers.Authorization = new("Bearer", token);
            }
            transform.ProxyRequest.Headers.Remove("Cookie");
            return ValueTask.CompletedTask;
        });

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
