using PapersPlatform.Gateway.Security;
using Scalar.AspNetCore;

namespace PapersPlatform.Gateway.Extensions;

internal static class ApiReference
{
    /// <summary>The route that proxies a service's OpenAPI document: "openapi-&lt;service&gt;" (appsettings.json).</summary>
    private const string DocumentRoutePrefix = "openapi-";

    /// <summary>The document the reference opens on: the papers themselves.</summary>
    private const string DefaultDocument = "catalogue";

    /// <summary>
    /// A browsable reference of every service's API at /docs (Scalar, served from the package
    /// itself: no CDN), reading the documents the gateway proxies from each service.
    /// </summary>
    public static WebApplication MapApiReference(this WebApplication app)
    {
        // Every service whose document the gateway proxies, so that a service added to the
        // routes is in the reference without a list here.
        var documents = app.Configuration.GetSection("ReverseProxy:Routes").GetChildren()
            .Select(route => route.Key)
            .Where(key => key.StartsWith(DocumentRoutePrefix, StringComparison.Ordinal))
            .Select(key => key[DocumentRoutePrefix.Length..])
            .OrderBy(document => document != DefaultDocument)
            .ToArray();
        app.MapScalarApiReference("/docs", options =>
        {
            // System fonts: the default ones come from fonts.scalar.com, which the page must not need.
            options.WithTitle("Papers Platform API").WithOpenApiRoutePattern("/openapi/{documentName}.json").DisableDefaultFonts();
            foreach (var document in documents)
            {
                options.AddDocument(document, isDefault: document == documents[0]);
            }
        }).WithSecurityHeadersPolicy(SecurityHeaders.ApiReferencePolicy);
        return app;
    }
}
