namespace PapersPlatform.Gateway;

/// <summary>The gateway's own answers, as problem+json like every service's (RFC 9457, with traceId).</summary>
internal static class GatewayProblems
{
    public static ValueTask WriteAsync(HttpContext context, int status, string title, string? detail = null, TimeSpan? retryAfter = null)
    {
        context.Response.StatusCode = status;
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return WriteBodyAsync(context, new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>
    /// The problem details service writes only for a JSON-accepting client; an EventSource
    /// (Accept: text/event-stream) or a browser page load gets the same body written plainly.
    /// </summary>
    private static async ValueTask WriteBodyAsync(HttpContext context, ProblemDetailsContext problem)
    {
        if (!await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(problem))
        {
            await context.Response.WriteAsJsonAsync(problem.ProblemDetails, options: (System.Text.Json.JsonSerializerOptions?)null, contentType: "application/problem+json");
        }
    }
}
