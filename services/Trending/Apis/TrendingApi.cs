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
        app.MapGroup("api/trending").WithTags("Trending").MapGet("", GetTrendingAsync);
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
}

public sealed record TrendingList(string Window, IReadOnlyList<TrendingItem> Items);

public sealed record TrendingItem(int Rank, string ArxivId, string Title, int Upvotes, double Score);
