using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PapersPlatform.Contracts;
using PapersPlatform.Ingestion.Infrastructure;
using PapersPlatform.Ingestion.Model;
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
        papers.MapPost("", SubmitAsync).WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        return app;
    }

    public static async Task<Results<Accepted<SubmissionAccepted>, ProblemHttpResult>> SubmitAsync(
        SubmitPaperRequest request, ClaimsPrincipal user, IngestionDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArxivId.TryParse(request.ArxivId, out var arxivId); // validated already: never null here
        var submission = new Submission
        {
            ArxivId = arxivId!.Value,
            Title = request.Title.Trim(),
            Abstract = request.Abstract.Trim(),
            Authors = [.. request.Authors.Select(author => author.Trim())],
            Organization = NullIfBlank(request.Organization),
            PublishedAt = request.PublishedAt!.Value.ToUniversalTime(),
            SubmittedAt = clock.GetUtcNow(),
            SubmittedBy = user.UserName(),
            CodeUrl = NullIfBlank(request.CodeUrl),
            ProjectUrl = NullIfBlank(request.ProjectUrl),
        };

        // The paper and its announcement commit together, or neither does.
        db.Submissions.Add(submission);
        db.AddOutboxMessage(ToMessage(submission), clock);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return await AlreadySubmittedAsync(db, submission.ArxivId, cancellationToken);
        }

        var location = $"/api/papers/{submission.ArxivId}";
        return TypedResults.Accepted(location, new SubmissionAccepted(submission.ArxivId, "accepted"));
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

    private static PaperPublished ToMessage(Submission paper) =>
        new(paper.ArxivId, paper.Title, paper.Abstract, paper.Authors, paper.Organization, paper.PublishedAt,
            paper.SubmittedAt, paper.SubmittedBy, paper.CodeUrl, paper.ProjectUrl);

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

public sealed record SubmissionAccepted(string ArxivId, string Status);
