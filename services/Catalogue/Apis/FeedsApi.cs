using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Extensions;
using PapersPlatform.Catalogue.Feeds;
using PapersPlatform.Catalogue.Infrastructure;
using PapersPlatform.Catalogue.Listings;

namespace PapersPlatform.Catalogue.Apis;

public static class FeedsApi
{
    /// <summary>Feed readers poll; one rendering a minute per distinct feed URL is plenty.</summary>
    public const string CachePolicy = "feeds";

    public static IEndpointRouteBuilder MapFeedsApi(this IEndpointRouteBuilder app)
    {
        var feeds = app.MapGroup("api/feeds").WithTags("Feeds");
        feeds.MapGet("papers", GetPapersFeedAsync)
            .WithName("GetPapersFeed")
            .ProducesValidationProblem()
            .CacheOutput(CachePolicy)
            .Produces(StatusCodes.Status200OK, contentType: "application/atom+xml")
            .WithSummary("Any paper listing as an Atom feed: a day (date=today works), a search (q=), papers above an upvote threshold (minUpvotes=).")
            .WithDescription("Takes the same parameters as GET /api/papers; newest first unless sort says otherwise.");
        return app;
    }

    public static async Task<FileContentHttpResult> GetPapersFeedAsync(
        [AsParameters] PapersFeedQuery query, HttpRequest http, CatalogueDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var request = query.ToRequest(now);
        var page = await PaperListing.ReadAsync(db, request, cancellationToken);
        var self = new Uri(http.GetEncodedUrl());
        return TypedResults.File(AtomFeed.Render(Describe(request), self, page.Items, now), AtomFeed.ContentType);
    }

    private static string Describe(ListingRequest request)
    {
        var parts = new List<string>();
        if (request.Period is { } period)
        {
            parts.Add(period.To - period.From == TimeSpan.FromDays(1)
                ? $"submitted on {period.From:yyyy-MM-dd}"
                : $"submitted {period.From:yyyy-MM-dd} to {period.To.AddDays(-1):yyyy-MM-dd}");
        }
        if (request.Search is { } search)
        {
            parts.Add($"matching “{search}”");
        }
        if (request.Organization is { } organization)
        {
            parts.Add($"from {organization}");
        }
        if (request.SubmittedBy is { } submitter)
        {
            parts.Add($"submitted by {submitter}");
        }
        if (request.MinUpvotes is { } minimum)
        {
            parts.Add($"with at least {minimum} upvote{(minimum == 1 ? "" : "s")}");
        }
        return parts.Count == 0 ? "Papers Platform: latest papers" : $"Papers Platform: papers {string.Join(", ", parts)}";
    }
}
