using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Catalogue.Infrastructure;
using PapersPlatform.Catalogue.Listings;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Catalogue.Apis;

public static class PapersApi
{
    public static IEndpointRouteBuilder MapPapersApi(this IEndpointRouteBuilder app)
    {
        var papers = app.MapGroup("api/papers").WithTags("Papers");
        papers.MapGet("", ListAsync)
            .WithName("ListPapers")
            .ProducesValidationProblem()
            .WithSummary("List papers: a day, ISO week or month of submissions, an organisation, a submitter, or a full-text search.")
            .WithDescription("q uses websearch syntax: \"a phrase\", -exclusion, OR. A search ranks by keyword and meaning together (mode=hybrid, the default) or by keyword alone (mode=keyword); searchMode says which it did. Page with nextCursor; it stays valid while papers and votes arrive.");
        // A catch-all, as old-style ids contain a slash (hep-th/9901001).
        papers.MapGet("{**arxivId}", GetAsync)
            .WithName("GetPaper")
            .WithSummary("One paper with its upvote count (and, signed in, whether the caller upvoted it).");
        return app;
    }

    public static async Task<Results<Ok<PaperResponse>, ProblemHttpResult>> GetAsync(
        string arxivId, ClaimsPrincipal user, CatalogueDbContext db, CancellationToken cancellationToken)
    {
        var paper = await db.Papers.AsNoTracking().Where(candidate => candidate.ArxivId == arxivId).Select(PaperListing.Shown)
            .SingleOrDefaultAsync(cancellationToken);
        if (paper is null)
        {
            return Problems.PaperNotFound(arxivId);
        }
        var upvoted = await UpvotedByAsync(user, [paper.ArxivId], db, cancellationToken);
        return TypedResults.Ok(PaperResponse.From(paper, upvoted: upvoted?.Contains(paper.ArxivId)));
    }

    public static async Task<Ok<PaperPage>> ListAsync(
        [AsParameters] ListPapersQuery query, ClaimsPrincipal user, CatalogueDbContext db, HybridRanking hybrid, TimeProvider clock, CancellationToken cancellationToken)
    {
        var request = query.ToRequest(clock.GetUtcNow());
        var page = request.Sort == ListingSort.Hybrid
            ? await hybrid.ReadAsync(db, request, cancellationToken)
            : await PaperListing.ReadAsync(db, request, cancellationToken);
        var upvoted = await UpvotedByAsync(user, [.. page.Items.Select(item => item.Paper.ArxivId)], db, cancellationToken);
        return TypedResults.Ok(PaperPage.From(page, upvoted));
    }

    /// <summary>
    /// Which of these papers a signed-in caller upvoted (one lookup in the vote ledger's key), so
    /// that a page shows their vote after a reload; null for an anonymous caller.
    /// </summary>
    private static async Task<IReadOnlySet<string>?> UpvotedByAsync(ClaimsPrincipal user, string[] arxivIds, CatalogueDbContext db, CancellationToken cancellationToken)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        var userName = user.UserName();
        return (await db.Votes.AsNoTracking().Where(vote => vote.UserName == userName && arxivIds.Contains(vote.ArxivId))
            .Select(vote => vote.ArxivId).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
    }
}
