namespace PapersPlatform.Gateway.Extensions;

internal static class WebPages
{
    /// <summary>
    /// The web UI: plain files from wwwroot (no build step), and index.html for every page address
    /// (/papers/…, /search, /settings …) that is not an API, a document or a file
    /// (a path with an extension), so that the
    /// page's own router can show it after a reload.
    /// </summary>
    public static WebApplication MapWebPages(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        // nonfile: /js/main.js must reach the static files, which serve only requests no endpoint took.
        app.MapFallbackToFile("{*path:nonfile:regex(^(?!api/|openapi/|docs(/|$)).*$)}", "index.html");
        // A paper's page: arXiv ids have a dot, which would make /papers/1706.03762 look like a file.
        app.MapFallbackToFile("papers/{**arxivId}", "index.html");
        return app;
    }
}
