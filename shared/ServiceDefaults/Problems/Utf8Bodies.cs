using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace PapersPlatform.ServiceDefaults.Problems;

/// <summary>
/// JSON bodies are UTF-8 (RFC 8259 asks it of JSON between systems): a JSON Content-Type that
/// names another charset is 415 before anything reads the body. Without this, a charset .NET does
/// not know ("charset=nonsense") makes the JSON reader throw, and that was a 500. Other media
/// types keep their charset (an XML import declares its own encoding, and its reader honours it).
/// </summary>
internal static class Utf8Bodies
{
    public static async Task RefuseOtherCharsetsAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.ContentType is { } contentType
            && MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            && IsJson(mediaType)
            && mediaType.Charset is { Length: > 0 } charset
            && !IsUtf8(charset.Value!))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status415UnsupportedMediaType,
                    Title = "The body's character set is not accepted.",
                    Detail = "Bodies must be UTF-8: send charset=utf-8 or no charset at all.",
                },
            });
            return;
        }
        await next(context);
    }

    /// <summary>application/json, any +json type, and the import's JSON Lines types.</summary>
    private static bool IsJson(MediaTypeHeaderValue mediaType) =>
        mediaType.SubType.Equals("json", StringComparison.OrdinalIgnoreCase)
        || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)
        || mediaType.SubType.Value is { } subType && (subType.Equals("x-ndjson", StringComparison.OrdinalIgnoreCase)
            || subType.StartsWith("jsonl", StringComparison.OrdinalIgnoreCase));

    // US-ASCII is UTF-8's first 128 characters: a body in it reads the same.
    private static bool IsUtf8(string charset) =>
        charset.Trim('"').ToLowerInvariant() is "utf-8" or "utf8" or "us-ascii";
}
