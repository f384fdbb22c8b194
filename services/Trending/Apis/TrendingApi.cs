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
        trending.MapGet("", GetTrendingAsync);
        trending.MapGet("{arxivId}", ExplainAsync);
        trending.MapGet("{archive}/{number}", (string archive, string number, TrendingDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
            ExplainAsync($"{archive}/{number}", db, clock, cancellationToken));
        return app;
    }

    public static async Task<Results<Ok<TrendingList>, ValidationProblem>> GetTrendingAsync(
        TrendingDbContext db, TimeProvider clock, CancellationToken cancellationToken, string window = "day", int limit = DefaultLimit)
    {
        if (!Windows.TryGetValue(window, out var span))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["window"] = ["Must be day, week, month or all."] });
        }
        if (limit is < 1 or > MaxLimit)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"Must be between 1 and {MaxLimit}."] });
        }

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
