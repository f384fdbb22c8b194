using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.OutputCaching;
using PapersPlatform.Gateway.Caching;
using PapersPlatform.Gateway.Proxy;
using PapersPlatform.Gateway.RateLimiting;

namespace PapersPlatform.Gateway.PaperPages;

/// <summary>
/// A paper's page in one request (request aggregation): the paper and, signed in, the caller's
/// vote from the catalogue, and why it is trending from the trending service, asked in parallel.
/// A service that is down or slow leaves its part out (named in "unavailable") instead of failing
/// the page.
/// </summary>
internal static class PaperPageApi
{
    /// <summary>How long the page waits for each part before leaving it out.</summary>
    public static readonly TimeSpan PartBudget = TimeSpan.FromSeconds(3);

    public static IEndpointRouteBuilder MapPaperPageApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("api/paper-pages/{**arxivId}", GetAsync)
            .WithTags("Paper pages")
            .WithName("GetPaperPage")
            .WithSummary("A paper's page in one call: the paper, why it is trending, and (signed in) whether you upvoted it.")
            .WithDescription("Asks the catalogue and the trending service in parallel; a part whose service does not answer is null and named in unavailable.")
            .Produces<PaperPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireRateLimiting(RateLimitPolicies.Reads)
            .CacheOutput(AnonymousReadCache.PolicyName);
        return app;
    }

    /// <summary>Letters, digits, dots, dashes and one slash: nothing that could walk to another path of the service.</summary>
    private const string PlausibleId = @"^(?!.*\.\.)[A-Za-z0-9.\-]{1,100}(/[0-9]{7}(v[0-9]{1,3})?)?$";

    public static async Task<IResult> GetAsync(
        [RegularExpression(PlausibleId, ErrorMessage = "Not an arXiv id: one looks like 2401.12345 or hep-th/9901001.")] string arxivId,
        HttpContext context, ServiceCalls services, CancellationToken cancellationToken)
    {
        var paperCall = services.GetAsync("catalogue", $"/api/papers/{arxivId}", context.Request, PartBudget, cancellationToken);
        var trendingCall = services.GetAsync("trending", $"/api/trending/{arxivId}", context.Request, PartBudget, cancellationToken);
        var (paper, trending) = (await paperCall, await trendingCall);

        if (paper.IsNotFound)
        {
            return TypedResults.Content(paper.Text, "application/problem+json", statusCode: StatusCodes.Status404NotFound);
        }
        string[] unavailable = [.. new[] { ("catalogue", paper), ("trending", trending) }
            .Where(part => part.Item2.IsMissing).Select(part => part.Item1)];
        if (!paper.IsOk && !trending.IsOk)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The paper page is unavailable.",
                detail: $"Neither part of it could be had just now ({string.Join(", ", unavailable)} not answering). Try again shortly.");
        }
        if (unavailable.Length > 0 && context.Features.Get<IOutputCacheFeature>() is { } cache)
        {
            cache.Context.AllowCacheStorage = false; // a page with a part missing is not worth keeping
        }
        var upvoted = paper.Body is { } shown && shown.TryGetProperty("upvoted", out var vote) && vote.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? vote.GetBoolean() : (bool?)null;
        return TypedResults.Ok(new PaperPage(paper.Body, trending.IsOk ? trending.Body : null, upvoted, unavailable));
    }
}

/// <param name="Paper">As GET /api/papers/{arxivId} shows it; null when the catalogue did not answer.</param>
/// <param name="Trending">As GET /api/trending/{arxivId} explains it; null when not scored yet or the trending service did not answer.</param>
/// <param name="Upvoted">Whether the signed-in caller upvoted it; null for an anonymous caller or when the catalogue did not answer.</param>
/// <param name="Unavailable">The services that did not answer in time.</param>
internal sealed record PaperPage(JsonElement? Paper, JsonElement? Trending, bool? Upvoted, string[] Unavailable);
