namespace PapersPlatform.Gateway.Security;

/// <summary>
/// A request that changes something and acts with the session cookie must come from the site's
/// own pages. SameSite=Strict already keeps the cookie off other sites' requests; this checks
/// what the browser says about where the request came from (Sec-Fetch-Site, else Origin) too, for
/// browsers and sibling sub-domains that SameSite does not cover. Signing in counts: a sign-in
/// forced from another site would put the visitor in the attacker's account. Requests with a
/// bearer token and no cookie are API clients, which forge nothing.
/// </summary>
internal static class CrossSiteRequestGuard
{
    public static IApplicationBuilder UseCrossSiteRequestGuard(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (IsCrossSiteCookieWrite(context.Request))
            {
                await GatewayProblems.WriteAsync(context, StatusCodes.Status403Forbidden, "Cross-site request refused.",
                    "This request came from another site's page; only this site's own pages may change things with your session.");
                return;
            }
            await next(context);
        });

    private static bool IsCrossSiteCookieWrite(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return false;
        }
        var usesSession = !request.Headers.Authorization.Any()
            && (Session.SessionCookie.IsPresent(request) || request.Path.StartsWithSegments("/api/session"));
        if (!usesSession)
        {
            return false;
        }
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site is not ("same-origin" or "none");
        }
        var origin = request.Headers.Origin.ToString();
        // Neither header: not a browser (browsers send Origin on every cross-site write), so no forgery.
        return origin.Length > 0
            && !(Uri.TryCreate(origin, UriKind.Absolute, out var from)
                && string.Equals(from.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
                && string.Equals(from.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }
}
