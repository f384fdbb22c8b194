using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace PapersPlatform.ServiceDefaults.Problems;

/// <summary>
/// Writes a problem as application/problem+json whatever the request's Accept header says.
/// ASP.NET Core's own writer declines when Accept names only other types (application/xml, say)
/// and the answer then falls back to text/plain or plain JSON; the API has one error format, and a
/// client that asked for XML still needs to learn in it what was wrong. Registered after the
/// default writer, so that it only answers what that one declines.
/// </summary>
internal sealed class ProblemJsonWriter(IOptions<JsonOptions> json, IOptions<ProblemDetailsOptions> problems) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var response = context.HttpContext.Response;
        problem.Status ??= response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        problems.Value.CustomizeProblemDetails?.Invoke(context);
        var options = json.Value.SerializerOptions;
        return new ValueTask(response.WriteAsJsonAsync(problem, options.GetTypeInfo(problem.GetType()), "application/problem+json", context.HttpContext.RequestAborted));
    }
}
