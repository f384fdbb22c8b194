using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;
using PapersPlatform.Catalogue.Infrastructure;
using PapersPlatform.Catalogue.Model;
using static PapersPlatform.Catalogue.Infrastructure.EntityConfigurations.PaperConfiguration;

namespace PapersPlatform.Catalogue.Listings;

/// <summary>A paper on a page, with its search rank and highlighted fragments when the listing is a search.</summary>
public sealed record ListedPaper(Paper Paper, float Rank, Highlight? Highlight);

/// <param name="SearchMode">For a search: "hybrid" or "keyword", how it was ranked (null for other listings).</param>
/// <param name="MeaningUnavailable">A hybrid search whose vector side did not answer in time: ranked by keyword alone.</param>
public sealed record ListingPage(IReadOnlyList<ListedPaper> Items, ListingCursor? Next, string? SearchMode = null, bool MeaningUnavailable = false);

/// <summary>A search match and its full-text rank.</summary>
public sealed record RankedMatch
{
    public required string ArxivId { get; init; }
    public float Rank { get; init; }
}

/// <summary>
/// Runs every listing of the catalogue (day, week, month, organisation, submitter, search, feeds)
/// as one keyset query: filter, order by the sort's index, start after the cursor, take a page.
/// </summary>
public static class PaperListing
{
    /// <summary>English stemming, so "transformers" finds "transformer"; the same configuration builds the stored vectors.</summary>
    public const string SearchConfiguration = "english";

    /// <summary>
    /// Every column the API shows, and not the search vector: it is by far the largest column and
    /// only matching needs it, so reading it into every listed paper would be pure waste.
    /// </summary>
    public static readonly Expression<Func<Paper, Paper>> Shown = paper => new Paper
    {
        ArxivId = paper.ArxivId,
        Title = paper.Title,
        Abstract = paper.Abstract,
        Authors = paper.Authors,
        Organization = paper.Organization,
        PublishedAt = paper.PublishedAt,
        SubmittedAt = paper.SubmittedAt,
        SubmittedBy = paper.SubmittedBy,
        CodeUrl = paper.CodeUrl,
        ProjectUrl = paper.ProjectUrl,
        Upvotes = paper.Upvotes,
        TrendingScore = paper.TrendingScore,
        TrendingVersion = paper.TrendingVersion,
    };

    /// <summary>Every listing but a hybrid search, which <see cref="HybridRanking"/> reads (it needs the embeddings service).</summary>
    public static async Task<ListingPage> ReadAsync(CatalogueDbContext db, ListingRequest request, CancellationToken cancellationToken)
    {
        // Otherwise a hybrid cursor's order would silently fall through to the upvotes order below.
        ArgumentOutOfRangeException.ThrowIfEqual(request.Sort, ListingSort.Hybrid);
        var papers = Filter(db.Papers.AsNoTracking(), request);
        var rows = request.Sort == ListingSort.Relevance
            ? await ReadByRelevanceAsync(db, papers, request, cancellationToken)
            : [.. (await After(papers, request.Sort, request.After).Take(request.Limit + 1).Select(Shown).ToListAsync(cancellationToken))
                .Select(paper => (paper, 0f))];

        var page = rows.Take(request.Limit).ToList();
        var highlights = request.Search is { } text && page.Count > 0
            ? await Highlights.ReadAsync(db, text, [.. page.Select(row => row.Paper.ArxivId)], cancellationToken)
            : new Dictionary<string, Highlight>();
        var next = rows.Count > request.Limit ? CursorAfter(request, page[^1]) : null;
        return new ListingPage([.. page.Select(row => new ListedPaper(row.Paper, row.Rank, highlights.GetValueOrDefault(row.Paper.ArxivId)))], next,
            request.Search is null ? null : SearchModes.Keyword);
    }

    /// <summary>The listing's filters: its period, organisation, submitter, upvote floor and search.</summary>
    internal static IQueryable<Paper> Filter(IQueryable<Paper> papers, ListingRequest request)
    {
        if (request.Period is { } period)
        {
            papers = papers.Where(paper => paper.SubmittedAt >= period.From && paper.SubmittedAt < period.To);
        }
        if (request.Organization is { } organization)
        {
            papers = papers.Where(paper => paper.Organization == organization);
        }
        if (request.SubmittedBy is { } submitter)
        {
            papers = papers.Where(paper => paper.SubmittedBy == submitter);
        }
        if (request.MinUpvotes is { } minimum)
        {
            papers = papers.Where(paper => paper.Upvotes >= minimum);
        }
        if (request.Search is { } text)
        {
            // websearch_to_tsquery accepts anything a person types ("phrases", -exclusions, OR)
            // and never fails on syntax; it is written inside the lambda so EF translates it.
            papers = papers.Where(paper => EF.Property<NpgsqlTsVector>(paper, SearchVector)
                .Matches(EF.Functions.WebSearchToTsQuery(SearchConfiguration, text)));
        }
        return papers;
    }

    /// <summary>Orders by the sort's index and skips what the cursor says was shown.</summary>
    private static IQueryable<Paper> After(IQueryable<Paper> papers, ListingSort sort, ListingCursor? cursor)
    {
        switch (sort)
        {
            case ListingSort.New:
                if (cursor is not null)
                {
                    var at = cursor.SubmittedAt;
                    papers = papers.Where(paper => paper.SubmittedAt < at || (paper.SubmittedAt == at && string.Compare(paper.ArxivId, cursor.ArxivId) > 0));
                }
                return papers.OrderByDescending(paper => paper.SubmittedAt).ThenBy(paper => paper.ArxivId);
            case ListingSort.Trending:
                if (cursor is not null)
                {
                    var score = cursor.Value;
                    papers = papers.Where(paper => paper.TrendingScore < score || (paper.TrendingScore == score && string.Compare(paper.ArxivId, cursor.ArxivId) > 0));
                }
                return papers.OrderByDescending(paper => paper.TrendingScore).ThenBy(paper => paper.ArxivId);
            default:
                if (cursor is not null)
                {
                    var upvotes = (int)cursor.Value;
                    var at = cursor.SubmittedAt;
                    papers = papers.Where(paper => paper.Upvotes < upvotes
                        || (paper.Upvotes == upvotes && (paper.SubmittedAt < at || (paper.SubmittedAt == at && string.Compare(paper.ArxivId, cursor.ArxivId) > 0))));
                }
                return papers.OrderByDescending(paper => paper.Upvotes).ThenByDescending(paper => paper.SubmittedAt).ThenBy(paper => paper.ArxivId);
        }
    }

    /// <summary>
    /// How many matches a search ranks: the newest this many. ts_rank must read every candidate's
    /// vector, so ranking all matches of a common word costs time in proportion to the catalogue;
    /// ranking the newest 1,000 costs the same at any size (Postgres walks the submission-time
    /// index and stops), and on a daily-papers site the newest matches are the ones people want.
    /// </summary>
    public const int SearchCandidates = 1_000;

    /// <summary>
    /// Best match first by ts_rank over the weighted vector (title A, authors B, abstract C, so a
    /// word in the title outweighs the same word in the abstract), among the newest
    /// <see cref="SearchCandidates"/> matches submitted up to the search's snapshot time.
    /// </summary>
    private static async Task<List<(Paper Paper, float Rank)>> ReadByRelevanceAsync(
        CatalogueDbContext db, IQueryable<Paper> papers, ListingRequest request, CancellationToken cancellationToken)
    {
        var ranked = RankedMatches(papers, request);
        if (request.After is { } cursor)
        {
            var rank = (float)cursor.Value;
            ranked = ranked.Where(row => row.Rank < rank || (row.Rank == rank && string.Compare(row.ArxivId, cursor.ArxivId) > 0));
        }
        var page = await ranked
            .OrderByDescending(row => row.Rank).ThenBy(row => row.ArxivId)
            .Take(request.Limit + 1)
            .ToListAsync(cancellationToken);

        // Then the shown columns of just this page, by primary key.
        var papersById = await ShownAsync(db, [.. page.Select(row => row.ArxivId)], cancellationToken);
        return [.. page.Select(row => (papersById[row.ArxivId], row.Rank))];
    }

    /// <summary>
    /// The matches a search ranks, with their rank: the newest <see cref="SearchCandidates"/>
    /// matches submitted up to the search's snapshot (later pages rank the same candidates,
    /// whatever arrives meanwhile). <paramref name="papers"/> is the listing, filtered.
    /// </summary>
    internal static IQueryable<RankedMatch> RankedMatches(IQueryable<Paper> papers, ListingRequest request)
    {
        var text = request.Search!;
        var snapshot = request.SearchSnapshot;
        return papers
            .Where(paper => paper.SubmittedAt <= snapshot)
            .OrderByDescending(paper => paper.SubmittedAt).ThenBy(paper => paper.ArxivId)
            .Take(SearchCandidates)
            .Select(paper => new RankedMatch
            {
                ArxivId = paper.ArxivId,
                Rank = EF.Property<NpgsqlTsVector>(paper, SearchVector).Rank(EF.Functions.WebSearchToTsQuery(SearchConfiguration, text)),
            });
    }

    /// <summary>The shown columns of these papers, by primary key.</summary>
    internal static Task<Dictionary<string, Paper>> ShownAsync(CatalogueDbContext db, List<string> ids, CancellationToken cancellationToken) =>
        db.Papers.AsNoTracking().Where(paper => ids.Contains(paper.ArxivId)).Select(Shown).ToDictionaryAsync(paper => paper.ArxivId, cancellationToken);

    internal static ListingCursor CursorAfter(ListingRequest request, (Paper Paper, float Rank) last) => new(
        request.Sort,
        request.Sort switch
        {
            ListingSort.Upvotes => last.Paper.Upvotes,
            ListingSort.Trending => last.Paper.TrendingScore,
            ListingSort.Relevance or ListingSort.Hybrid => last.Rank,
            _ => 0,
        },
        last.Paper.SubmittedAt.UtcTicks,
        last.Paper.ArxivId,
        request.Sort is ListingSort.Relevance or ListingSort.Hybrid ? request.SearchSnapshot.UtcTicks : 0);
}
