using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Catalogue.Infrastructure;
using PapersPlatform.Catalogue.Listings;

namespace PapersPlatform.Catalogue.Apis;

public static class PapersApi
{
    public static IEndpointRouteBuilder MapPapersApi(this IEndpointRouteBuilder app)
    {
        var papers = app.MapGroup("api/papers").WithTags("Papers");
        papers.MapGet("", ListAsync)
            .WithSummary("List papers: a day, ISO week or month of submissions, an organisation, a submitter, or a full-text search.")
            .WithDescription("q uses websearch syntax: \"a phrase\", -exclusion, OR. Page with nextCursor; it stays valid while papers and votes arrive.");
        papers.MapGet("{arxivId}", GetAsync).WithSummary("One paper with its upvote count.");
        // Old-style ids contain a slash (hep-th/9901001).
        papers.MapGet("{archive}/{number}", (string archive, string number, CatalogueDbContext db, CancellationToken cancellationToken) =>
            GetAsync($"{archive}/{number}", db, cancellationToken)).WithSummary("One paper with an old-style id (archive/YYMMNNN).");
        return app;
    }

    public static async Task<Results<Ok<PaperResponse>, ProblemHttpResult>> GetAsync(
        string arxivId, CatalogueDbContext db, CancellationToken cancellationToken)
    {
        var paper = await db.Papers.AsNoTracking().Where(candidate => candidate.ArxivId == arxivId).Select(PaperListing.Shown)
            .SingleOrDefaultAsync(cancellationToken);
        return paper is null
            ? Problems.PaperNotFound(arxivId)
            : TypedResults.Ok(PaperResponse.From(paper));
    }

    public static async Task<Results<Ok<PaperPage>, ValidationProblem>> ListAsync(
        [AsParameters] ListPapersQuery query, CatalogueDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!query.TryValidate(clock.GetUtcNow(), out var request, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok(PaperPage.From(await PaperListing.ReadAsync(db, request, cancellationToken)));
    }
}
