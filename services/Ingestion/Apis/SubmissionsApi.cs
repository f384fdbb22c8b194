using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PapersPlatform.Ingestion.Infrastructure;
using PapersPlatform.Ingestion.Papers;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Ingestion.Apis;

public static class SubmissionsApi
{
    public const int MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapSubmissionsApi(this IEndpointRouteBuilder app)
    {
        var papers = app.MapGroup("api/papers").WithTags("Submissions").RequireAuthorization();
        // A paper's fields fit in a few KiB; anything far larger is refused before it is read (413).
        papers.MapPost("", SubmitAsync)
            .WithName("SubmitPaper")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .WithSummary("Submit a paper by arXiv id. 202 once stored; it appears in the catalogue moments later.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    public static async Task<Results<Accepted<SubmissionAccepted>, ProblemHttpResult>> SubmitAsync(
        SubmitPaperRequest request, ClaimsPrincipal user, SubmissionStore store, IngestionDbContext db, TimeProvider clock,
        IOptions<SubmissionLimits> options, HttpResponse response, CancellationToken cancellationToken)
    {
        // No [AsParameters] services record here: built-in validation would walk into the DbContext.
        var limits = options.Value;
        var userName = user.UserName();
        var submission = request.ToSubmission(userName, clock.GetUtcNow());
        var quota = limits.IsImporter(userName) ? null : new DailyQuota(userName, limits.DailyPerUser);

        switch (await store.StoreAsync([submission], quota, cancellationToken))
        {
            case SubmissionOutcome.QuotaReached reached:
                return DailyLimitReached(response, reached, submission.SubmittedAt);
            case SubmissionOutcome.Stored { Added.Count: 0 }:
                return await AlreadySubmittedAsync(db, submission.ArxivId, cancellationToken);
        }
        var location = $"/api/papers/{submission.ArxivId}";
        return TypedResults.Accepted(location, new SubmissionAccepted(submission.ArxivId, "accepted"));
    }

    private static ProblemHttpResult DailyLimitReached(HttpResponse response, SubmissionOutcome.QuotaReached reached, DateTimeOffset now)
    {
        response.Headers.RetryAfter = ((int)Math.Ceiling((reached.ResetsAt - now).TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Daily submission limit reached.",
            detail: $"You have submitted {reached.SubmittedToday} papers today (UTC); the limit is {reached.PerDay} a day. You can submit again from {reached.ResetsAt:yyyy-MM-dd} 00:00 UTC.",
            extensions: new Dictionary<string, object?> { ["limit"] = reached.PerDay, ["resetsAt"] = reached.ResetsAt });
    }

    private static async Task<ProblemHttpResult> AlreadySubmittedAsync(IngestionDbContext db, string arxivId, CancellationToken cancellationToken)
    {
        var existing = await db.Submissions.AsNoTracking().SingleAsync(submission => submission.ArxivId == arxivId, cancellationToken);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: $"Paper {arxivId} was already submitted.",
            detail: $"\"{existing.Title}\" was submitted by {existing.SubmittedBy} at {existing.SubmittedAt:O}.",
            extensions: new Dictionary<string, object?>
            {
                ["existing"] = new
                {
                    existing.ArxivId,
                    existing.Title,
                    existing.SubmittedBy,
                    existing.SubmittedAt,
                    Location = $"/api/papers/{existing.ArxivId}",
                },
            });
    }
}

public sealed record SubmissionAccepted(string ArxivId, string Status);
