using Microsoft.AspNetCore.Http;

namespace PapersPlatform.ServiceDefaults;

/// <summary>
/// The paper a route with a segment after the id names: "{arxivId}/upvote", or, for an old-style
/// id that holds a slash (hep-th/9901001), "{archive}/{number}/upvote". A catch-all cannot be
/// followed by "/upvote", so both patterns map to one handler that reads its id from here: from
/// the route only, never from a query string's "arxivId".
/// </summary>
public readonly record struct PaperRoute(string Id)
{
    public static ValueTask<PaperRoute> BindAsync(HttpContext context)
    {
        var route = context.Request.RouteValues;
        var id = route["arxivId"] as string ?? $"{route["archive"]}/{route["number"]}";
        return ValueTask.FromResult(new PaperRoute(id));
    }
}
