using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Catalogue.Infrastructure;
using PapersPlatform.Catalogue.Listings;
using PapersPlatform.Catalogue.Model;

namespace PapersPlatform.Catalogue.Apis;

public static class PapersApi
{
    private const string SearchConfiguration = "english";

    public static IEndpointRouteBuilder MapPapersApi(this IEndpointRouteBuilder app)
    {
        var papers = app.MapGroup("api/papers").WithTags("Papers");
        papers.MapGet("", ListAsync);
        papers.MapGet("{arxivId}", GetAsync);
        // Old-style ids contain a slash (hep-th/9901001).
        papers.MapGet("{archive}/{number}", (string archive, string number, CatalogueDbContext db, CancellationToken cancellationToken) =>
            GetAsync($"{archive}/{number}", db, cancellationToken));
        return app;
    }

    public static async Task<Results<Ok<PaperResponse>, ProblemHttpResult>> GetAsync(
        string arxivId, CatalogueDbContext db, CancellationToken cancellationToken)
    {
        var paper = await db.Papers.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.ArxivId == arxivId, cancellationToken);
        return paper is null
            ? Problems.PaperNotFound(arxivId)
            : TypedResults.Ok(PaperResponse.From(paper));
    }

    public static async Task<Results<Ok<PaperPage>, ValidationProblem>> ListAsync(
        [AsParameters] ListPapersQuery query, CatalogueDbContext db, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var papers = Select(query, db.Papers.AsNoTracking(), errors);
        var limit = query.Limit ?? ListPapersQuery.DefaultLimit;
        if (limit is < 1 or > ListPapersQuery.MaxLimit)
        {
            errors["limit"] = [$"Must be between 1 and {ListPapersQuery.MaxLimit}."];
        }
        if (!ListPapersQuery.TryDecodeCursor(query.Cursor, out var offset))
        {
            errors["cursor"] = ["Not a cursor this API handed out."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var page = await papers.Skip(offset).Take(limit + 1).ToListAsync(cancellationToken);
        var nextCursor = page.Count > limit ? ListPapersQuery.EncodeCursor(offset + limit) : null;
        return TypedResults.Ok(new PaperPage([.. page.Take(limit).Select(PaperResponse.From)], nextCursor));
    }

    private static IQueryable<Paper> Select(ListPapersQuery query, IQueryable<Paper> papers, Dictionary<string, string[]> errors)
    {
        var selectors = new[] { query.Date, query.Week, query.Month, query.Q }.Count(value => value is not null);
        if (selectors > 1)
        {
            errors["query"] = ["Give at most one of date, week, month or q."];
        }
        if (query.Sort is not (null or "upvotes" or "new" or "trending"))
        {
            errors["sort"] = ["Must be upvotes, new or trending."];
        }

        Period? period = null;
        if (query.Date is { } date && !TryParse(date, Period.TryParseDate, "date", "Use YYYY-MM-DD.", errors, out period)
            || query.Week is { } week && !TryParse(week, Period.TryParseWeek, "week", "Use an ISO week, YYYY-Www.", errors, out period)
            || query.Month is { } month && !TryParse(month, Period.TryParseMonth, "month", "Use YYYY-MM.", errors, out period))
        {
            return papers;
        }
        if (period is not null)
        {
            papers = papers.Where(paper => paper.SubmittedAt >= period.From && paper.SubmittedAt < period.To);
        }

        if (query.Q is { } text && !string.IsNullOrWhiteSpace(text))
        {
            // websearch_to_tsquery accepts anything a person types ("phrases", -exclusions, OR);
            // it is written inside the lambdas so that EF translates it instead of calling it.
            return papers
                .Where(paper => EF.Functions.ToTsVector(SearchConfiguration, paper.Title + " " + paper.Abstract)
                    .Matches(EF.Functions.WebSearchToTsQuery(SearchConfiguration, text)))
                .OrderByDescending(paper => EF.Functions.ToTsVector(SearchConfiguration, paper.Title + " " + paper.Abstract)
                    .Rank(EF.Functions.WebSearchToTsQuery(SearchConfiguration, text)))
                .ThenBy(paper => paper.ArxivId);
        }
        return query.Sort == "new"
            ? papers.OrderByDescending(paper => paper.SubmittedAt).ThenBy(paper => paper.ArxivId)
            : papers.OrderByDescending(paper => paper.Upvotes).ThenByDescending(paper => paper.SubmittedAt).ThenBy(paper => paper.ArxivId);
    }

    private delegate bool PeriodParser(string text, out Period period);

    private static bool TryParse(string text, PeriodParser parse, string field, string hint, Dictionary<string, string[]> errors, out Period? period)
    {
        if (parse(text, out var parsed))
        {
            period = parsed;
            return true;
        }
        errors[field] = [hint];
        period = null;
        return false;
    }
}
