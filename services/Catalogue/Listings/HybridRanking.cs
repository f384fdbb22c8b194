using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NpgsqlTypes;
using PapersPlatform.Catalogue.Infrastructure;
using static PapersPlatform.Catalogue.Infrastructure.EntityConfigurations.PaperConfiguration;

namespace PapersPlatform.Catalogue.Listings;

/// <summary>
/// A search ranked by keyword and by meaning together. The full-text ranking (as mode=keyword
/// gives it) and the embeddings service's nearest papers to the search's words are merged by
/// reciprocal rank fusion: each paper scores Σ 1 / (k + its rank) over the rankings it is in,
/// so a paper high in both comes first, and one that says none of the words but means them can
/// still come up. Papers found by meaning pass the listing's filters and the search's exclusions
/// like the others. When the vector side does not answer within its budget, the search is the
/// keyword ranking alone, marked so. Pages follow a keyset on the fused score.
/// </summary>
public sealed class HybridRanking(NearestPapers nearest, IOptions<SearchOptions> options)
{
    public async Task<ListingPage> ReadAsync(CatalogueDbContext db, ListingRequest request, CancellationToken cancellationToken)
    {
        var search = request.Search!;
        var meaning = SearchText.Meaning(search);
        var found = meaning.Length == 0 ? Task.FromResult<IReadOnlyList<string>?>([]) : nearest.FindAsync(meaning, cancellationToken);
        var filtered = PaperListing.Filter(db.Papers.AsNoTracking(), request);
        var byKeyword = await PaperListing.RankedMatches(filtered, request)
            .OrderByDescending(row => row.Rank).ThenBy(row => row.ArxivId)
            .Take(options.Value.Candidates)
            .Select(row => row.ArxivId)
            .ToListAsync(cancellationToken);
        var byMeaning = await found;
        var byMeaningShown = byMeaning is { Count: > 0 } ? await PassingAsync(db, request, search, byMeaning, cancellationToken) : [];

        var fused = Fuse(options.Value.FusionConstant, byKeyword, byMeaningShown);
        var ordered = fused.OrderByDescending(paper => paper.Value).ThenBy(paper => paper.Key, StringComparer.Ordinal).AsEnumerable();
        if (request.After is { } cursor)
        {
            ordered = ordered.Where(paper => paper.Value < cursor.Value || (paper.Value == cursor.Value && string.CompareOrdinal(paper.Key, cursor.ArxivId) > 0));
        }
        var rows = ordered.Take(request.Limit + 1).ToList();
        var page = rows.Take(request.Limit).ToList();
        var papers = await PaperListing.ShownAsync(db, [.. page.Select(row => row.Key)], cancellationToken);
        var highlights = page.Count > 0
            ? await Highlights.ReadAsync(db, search, [.. page.Select(row => row.Key)], cancellationToken)
            : new Dictionary<string, Highlight>();
        var next = rows.Count > request.Limit ? PaperListing.CursorAfter(request, (papers[page[^1].Key], (float)page[^1].Value)) : null;
        return new ListingPage([.. page.Select(row => new ListedPaper(papers[row.Key], (float)row.Value, highlights.GetValueOrDefault(row.Key)))], next,
            byMeaning is null ? SearchModes.Keyword : SearchModes.Hybrid, MeaningUnavailable: byMeaning is null);
    }

    /// <summary>Each paper's fused score over the rankings it is in (also the relevance benchmark's, to weigh other constants).</summary>
    public static Dictionary<string, double> Fuse(int fusionConstant, params IReadOnlyList<string>[] rankings)
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var ranking in rankings)
        {
            for (var rank = 0; rank < ranking.Count; rank++)
            {
                // Rounded to a float's precision: the cursor keeps the score as a float.
                scores[ranking[rank]] = (float)(scores.GetValueOrDefault(ranking[rank]) + 1.0 / (fusionConstant + rank + 1));
            }
        }
        return scores;
    }

    /// <summary>The papers found by meaning that the listing would show: its filters, its snapshot and the search's exclusions; in their order.</summary>
    private static async Task<List<string>> PassingAsync(
        CatalogueDbContext db, ListingRequest request, string search, IReadOnlyList<string> found, CancellationToken cancellationToken)
    {
        var ids = found.ToList();
        var snapshot = request.SearchSnapshot;
        var papers = PaperListing.Filter(db.Papers.AsNoTracking(), request with { Search = null })
            .Where(paper => ids.Contains(paper.ArxivId) && paper.SubmittedAt <= snapshot);
        if (SearchText.Exclusions(search) is { } exclusions)
        {
            // "-word" alone is a query every paper without the word matches.
            papers = papers.Where(paper => EF.Property<NpgsqlTsVector>(paper, SearchVector)
                .Matches(EF.Functions.WebSearchToTsQuery(PaperListing.SearchConfiguration, exclusions)));
        }
        var passing = (await papers.Select(paper => paper.ArxivId).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        return [.. ids.Where(passing.Contains)];
    }
}
