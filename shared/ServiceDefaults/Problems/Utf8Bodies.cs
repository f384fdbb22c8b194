using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace PapersPlatform.ServiceDefaults.Problems;

/// <summary>
/// Bodies are UTF-8 (RFC 8259 asks it of JSON between systems): a Content-Type that names another
/// charset is 415 before anything reads the body. Without this, a charset .NET does not know
/// ("charset=nonsense") makes the JSON reader throw, and that was a 500.
/// </summary>
internal static class Utf8Bodies
{
    public static async Task RefuseOtherCharsetsAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.ContentType is { } contentType
            && MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
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

    private static bool IsUtf8(string charset) =>
        charset.Trim('"').Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Trim('"').Equals("utf8", StringComparison.OrdinalIgnoreCase);
}
