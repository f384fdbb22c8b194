using PapersPlatform.Gateway.Security;
using Scalar.AspNetCore;

namespace PapersPlatform.Gateway.Extensions;

internal static class ApiReference
{
    /// <summary>The services whose OpenAPI documents the gateway serves at /openapi/{name}.json (see appsettings.json).</summary>
    private static readonly string[] Documents = ["catalogue", "ingestion", "trending", "notification", "accounts"];

    /// <summary>
    /// A browsable reference of every service's API at /docs (Scalar, served from the package
    /// itself: no CDN), reading the documents the gateway proxies from each service.
    /// </summary>
    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapScalarApiReference("/docs", options =>
        {
            // System fonts: the default ones come from fonts.scalar.com, which the page must not need.
            options.WithTitle("Papers Platform API").WithOpenApiRoutePattern("/openapi/{documentName}.json").DisableDefaultFonts();
            foreach (var document in Documents)
            {
                options.AddDocument(document, isDefault: document == Documents[0]);
            }
        }).WithSecurityHeadersPolicy(SecurityHeaders.ApiReferencePolicy);
        return app;
    }
}
