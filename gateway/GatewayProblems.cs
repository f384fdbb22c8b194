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
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
