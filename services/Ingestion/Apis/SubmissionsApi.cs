using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using PapersPlatform.Ingestion.Infrastructure;
using PapersPlatform.Ingestion.Papers;
using PapersPlatform.Messaging.Outbox;
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
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .WithSummary("Submit a paper by arXiv id. 202 once stored; it appears in the catalogue moments later.")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    public static async Task<Results<Accepted<SubmissionAccepted>, ProblemHttpResult>> SubmitAsync(
        SubmitPaperRequest request, ClaimsPrincipal user, IngestionDbContext db, TimeProvider clock, IOptions<SubmissionLimits> options,
        HttpResponse response, CancellationToken cancellationToken)
    {
        // No [AsParameters] services record here: built-in validation would walk into the DbContext.
        var limits = options.Value;
        var userName = user.UserName();
        var submission = request.ToSubmission(userName, clock.GetUtcNow());

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!limits.IsImporter(userName))
        {
            // Serialises one user's submissions, so two racing requests cannot both be the 50th.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({userName}, 0))", cancellationToken);
            var today = new DateTimeOffset(submission.SubmittedAt.UtcDateTime.Date, TimeSpan.Zero);
            var submittedToday = await db.Submissions.CountAsync(
                candidate => candidate.SubmittedBy == userName && candidate.SubmittedAt >= today, cancellationToken);
            if (submittedToday >= limits.DailyPerUser)
            {
                return DailyLimitReached(response, submittedToday, limits.DailyPerUser, today.AddDays(1), submission.SubmittedAt);
            }
        }

        // The paper and its announcement commit together, or neither does.
        db.Submissions.Add(submission);
        db.AddOutboxMessage(submission.ToPublished(), clock);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            await transaction.RollbackAsync(cancellationToken);
            return await AlreadySubmittedAsync(db, submission.ArxivId, cancellationToken);
        }

        var location = $"/api/papers/{submission.ArxivId}";
        return TypedResults.Accepted(location, new SubmissionAccepted(submission.ArxivId, "accepted"));
    }

    private static ProblemHttpResult DailyLimitReached(HttpResponse response, int submitted, int limit, DateTimeOffset resetsAt, DateTimeOffset now)
    {
        response.Headers.RetryAfter = ((int)Math.Ceiling((resetsAt - now).TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Daily submission limit reached.",
            detail: $"You have submitted {submitted} papers today (UTC); the limit is {limit} a day. You can submit again from {resetsAt:yyyy-MM-dd} 00:00 UTC.",
            extensions: new Dictionary<string, object?> { ["limit"] = limit, ["resetsAt"] = resetsAt });
    }

    private static async Task<ProblemHttpResult> AlreadySubmittedAsync(IngestionDbContext db, string arxivId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
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
