using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Embeddings.Infrastructure;
using PapersPlatform.Embeddings.Similarity;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Embeddings.Apis;

public static class RelatedPapersApi
{
    public static IEndpointRouteBuilder MapRelatedPapersApi(this IEndpointRouteBuilder app)
    {
        var papers = app.MapGroup("api/papers").WithTags("Related papers").AllowAnonymous();
        // Old-style ids hold a slash: a second pattern to the same handler (PaperRoute).
        foreach (var (pattern, suffix) in new[] { ("{arxivId}/related", ""), ("{archive}/{number}/related", "OldStyleId") })
        {
            papers.MapGet(pattern, GetAsync)
                .WithName($"GetRelatedPapers{suffix}")
                .WithSummary("The papers nearest to this one in meaning (cosine similarity of their embeddings), the paper itself left out.")
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound);
        }
        return app;
    }

    /// <param name="limit">How many related papers, 1 to 50.</param>
    public static async Task<Results<Ok<RelatedPapersResponse>, ProblemHttpResult>> GetAsync(
        PaperRoute paper, PaperIndex index, EmbeddingsDbContext db, CancellationToken cancellationToken,
        [Range(1, 50)] int limit = 5)
    {
        if (index.Find(paper.Id) is { } indexed)
        {
            var related = index.Nearest(indexed.Vector, limit, except: paper.Id)
                .Select(neighbour => new RelatedPaper(neighbour.ArxivId, neighbour.Title, Math.Round(neighbour.Similarity, 4)))
                .ToList();
            return TypedResults.Ok(new RelatedPapersResponse(paper.Id, RelatedPapersStatus.Ready, related));
        }
        // Not in this instance's index: stored but not embedded yet (or embedded a moment ago by another instance).
        if (await db.Papers.AnyAsync(stored => stored.ArxivId == paper.Id, cancellationToken))
        {
            return TypedResults.Ok(new RelatedPapersResponse(paper.Id, RelatedPapersStatus.Pending, []));
        }
        return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such paper.",
            detail: $"There is no paper {paper.Id} (or it was submitted a moment ago and is not known here yet).");
    }
}

/// <param name="Status">"ready", or "pending" while the paper waits for its embedding (ask again shortly).</param>
public sealed record RelatedPapersResponse(string ArxivId, string Status, IReadOnlyList<RelatedPaper> Items);

/// <param name="Similarity">Cosine similarity of the two papers' embeddings, from -1 to 1 (1: the same meaning).</param>
public sealed record RelatedPaper(string ArxivId, string Title, double Similarity);

public static class RelatedPapersStatus
{
    public const string Ready = "ready";
    public const string Pending = "pending";
}
