using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Catalogue.Infrastructure;
using PapersPlatform.Catalogue.Model;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Outbox;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Catalogue.Apis;

public static class UpvotesApi
{
    public static IEndpointRouteBuilder MapUpvotesApi(this IEndpointRouteBuilder app)
    {
        var papers = app.MapGroup("api/papers").WithTags("Upvotes").RequireAuthorization();
        // Old-style ids hold a slash: each vote route has a second pattern, to the same handler (PaperRoute).
        foreach (var (pattern, suffix) in new[] { ("{arxivId}/upvote", ""), ("{archive}/{number}/upvote", "OldStyleId") })
        {
            papers.MapPost(pattern, UpvoteAsync)
                .WithName($"Upvote{suffix}")
                .WithSummary("Upvote a paper; a repeated upvote changes nothing.")
                .ProducesProblem(StatusCodes.Status401Unauthorized)
                .ProducesProblem(StatusCodes.Status404NotFound);
            papers.MapDelete(pattern, WithdrawAsync)
                .WithName($"WithdrawUpvote{suffix}")
                .WithSummary("Take an upvote back; withdrawing one that is not there changes nothing.")
                .ProducesProblem(StatusCodes.Status401Unauthorized)
                .ProducesProblem(StatusCodes.Status404NotFound);
        }
        return app;
    }

    /// <summary>Counts the caller's vote once; a repeated upvote changes nothing and publishes nothing.</summary>
    public static Task<Results<Ok<UpvoteResponse>, ProblemHttpResult>> UpvoteAsync(
        PaperRoute paper, ClaimsPrincipal user, CatalogueDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        ChangeVoteAsync(paper.Id, user.UserName(), upvoted: true, db, clock, cancellationToken);

    public static Task<Results<Ok<UpvoteResponse>, ProblemHttpResult>> WithdrawAsync(
        PaperRoute paper, ClaimsPrincipal user, CatalogueDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        ChangeVoteAsync(paper.Id, user.UserName(), upvoted: false, db, clock, cancellationToken);

    private static async Task<Results<Ok<UpvoteResponse>, ProblemHttpResult>> ChangeVoteAsync(
        string arxivId, string userName, bool upvoted, CatalogueDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The row lock serialises votes on one paper: no lost update of the count, and a user's
        // two racing clicks see each other's vote.
        var paper = (await db.Papers
            .FromSql(ModelSql.Statement($"SELECT * FROM {db.TableOf<Paper>()} WHERE arxiv_id = {arxivId} FOR UPDATE"))
            .ToListAsync(cancellationToken)).SingleOrDefault();
        if (paper is null)
        {
            return Problems.PaperNotFound(arxivId);
        }

        var vote = await db.Votes.FindAsync([arxivId, userName], cancellationToken);
        var now = clock.GetUtcNow();
        if (upvoted && vote is null)
        {
            db.Votes.Add(new Vote { ArxivId = arxivId, UserName = userName, VotedAt = now });
            paper.Upvotes++;
            db.AddOutboxMessage(new PaperUpvoted(paper.ArxivId, paper.Title, paper.SubmittedBy, paper.SubmittedAt, userName, paper.Upvotes, now), clock);
        }
        else if (!upvoted && vote is not null)
        {
            db.Votes.Remove(vote);
            paper.Upvotes--;
            db.AddOutboxMessage(new PaperUpvoteWithdrawn(paper.ArxivId, userName, paper.Upvotes, vote.VotedAt, now), clock);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new UpvoteResponse(paper.ArxivId, paper.Upvotes, upvoted));
    }
}

public sealed record UpvoteResponse(string ArxivId, int Upvotes, bool Upvoted);
