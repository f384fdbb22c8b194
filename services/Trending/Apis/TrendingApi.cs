using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Trending.Infrastructure;
using PapersPlatform.Trending.Scoring;

namespace PapersPlatform.Trending.Apis;

public static class TrendingApi
{
    private const int DefaultLimit = 30;
    private const int MaxLimit = 100;

    /// <summary>Rolling windows of submission time.</summary>
    private static readonly Dictionary<string, TimeSpan?> Windows = new()
    {
        ["day"] = TimeSpan.FromDays(1),
        ["week"] = TimeSpan.FromDays(7),
        ["month"] = TimeSpan.FromDays(30),
        ["all"] = null,
    };

    public static IEndpointRouteBuilder MapTrendingApi(this IEndpointRouteBuilder app)
    {
        var trending = app.MapGroup("api/trending").WithTags("Trending");
        trending.MapGet("", GetTrendingAsync)
            .WithName("GetTrending")
            .WithSummary("The best-scored papers submitted within a rolling window (day, week, month or all).")
            .ProducesValidationProblem();
        // A catch-all, as old-style ids contain a slash (hep-th/9901001).
        trending.MapGet("{**arxivId}", ExplainAsync)
            .WithName("ExplainTrending")
            .WithSummary("Why a paper trends: its score, its rank in each window and the inputs behind them.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<TrendingList>> GetTrendingAsync(
        TrendingDbContext db, TimeProvider clock, CancellationToken cancellationToken,
        [AllowedValues("day", "week", "month", "all", ErrorMessage = "Must be day, week, month or all.")] string window = "day",
        [Range(1, MaxLimit, ErrorMessage = "Must be between 1 and 100.")] int limit = DefaultLimit)
    {
        var span = Windows[window];

        var now = clock.GetUtcNow();
        var papers = db.Papers.AsNoTracking();
        if (span is { } length)
        {
            var since = now - length;
            papers = papers.Where(paper => paper.SubmittedAt >= since);
        }
        var top = await papers.OrderByDescending(paper => paper.Score).ThenBy(paper => paper.ArxivId).Take(limit).ToListAsync(cancellationToken);
        var items = top.Select((paper, index) =>
            new TrendingItem(index + 1, paper.ArxivId, paper.Title, paper.Upvotes, Math.Round(TrendingScore.ValueAt(paper.Score, now), 3)));
        return TypedResults.Ok(new TrendingList(window, [.. items]));
    }

    /// <summary>"Why is this trending": the paper's score, its rank in each window, and the inputs behind them.</summary>
    public static async Task<Results<Ok<TrendingExplanation>, ProblemHttpResult>> ExplainAsync(
        string arxivId, TrendingDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var paper = await db.Papers.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.ArxivId == arxivId, cancellationToken);
        if (paper is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"Trending knows no paper {arxivId}.");
        }

        var now = clock.GetUtcNow();
        var ranks = new Dictionary<string, int?>();
        foreach (var (window, span) in Windows)
        {
            var since = span is { } length ? now - length : DateTimeOffset.MinValue;
            ranks[window] = paper.SubmittedAt < since
                ? null // not in this window
                : 1 + await db.Papers.CountAsync(other => other.SubmittedAt >= since
                    && (other.Score > paper.Score || (other.Score == paper.Score && string.Compare(other.ArxivId, paper.ArxivId) < 0)), cancellationToken);
        }
        return TypedResults.Ok(new TrendingExplanation(paper.ArxivId, paper.Title, Math.Round(TrendingScore.ValueAt(paper.Score, now), 3), ranks,
            new TrendingInputs(paper.Upvotes, paper.SubmittedAt, paper.LastVotedAt, TrendingScore.HalfLife.TotalHours)));
    }
}

public sealed record TrendingExplanation(string ArxivId, string Title, double Score, IReadOnlyDictionary<string, int?> Ranks, TrendingInputs Inputs);

/// <summary>What the score is made of: the votes (each weighing half as much per half-life of age) and the submission itself.</summary>
public sealed record TrendingInputs(int Upvotes, DateTimeOffset SubmittedAt, DateTimeOffset? LastVotedAt, double HalfLifeHours);

public sealed record TrendingList(string Window, IReadOnlyList<TrendingItem> Items);

public sealed record TrendingItem(int Rank, string ArxivId, string Title, int Upvotes, double Score);
