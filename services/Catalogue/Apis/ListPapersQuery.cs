using System.ComponentModel.DataAnnotations;
using PapersPlatform.Catalogue.Listings;
using PapersPlatform.ServiceDefaults.Validation;

namespace PapersPlatform.Catalogue.Apis;

/// <summary>
/// The query string of <c>GET /api/papers</c> (and, with other defaults, of the Atom feeds: see
/// <see cref="PapersFeedQuery"/>). Built-in validation checks it before the handler runs
/// (<see cref="IValidatableObject"/>: its rules depend on one another, the cursor on the sort and
/// the sort on the search), answering 400 with errors keyed by parameter name.
/// </summary>
public record ListPapersQuery(
    string? Date,
    string? Week,
    string? Month,
    string? Q,
    string? Organization,
    string? SubmittedBy,
    int? MinUpvotes,
    string? Sort,
    int? Limit,
    string? Cursor,
    string? Mode = null) : IValidatableObject
{

    public const int DefaultLimit = 30;
    public const int MaxLimit = 100;
    public const int MaxSearchLength = 500;

    /// <summary>The query with this endpoint's defaults filled in (the listing's: none beyond the rules').</summary>
    public virtual ListPapersQuery WithDefaults() => this;

    /// <summary>What to list; only for a query that passed validation.</summary>
    public ListingRequest ToRequest(DateTimeOffset now) =>
        WithDefaults().TryValidate(now, out var request, out var errors)
            ? request
            : throw new InvalidOperationException($"The query was not validated: {string.Join("; ", errors.Keys)}.");

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        var clock = (TimeProvider?)validationContext.GetService(typeof(TimeProvider)) ?? TimeProvider.System;
        WithDefaults().TryValidate(clock.GetUtcNow(), out _, out var errors);
        return errors.Select(error => new ValidationResult(error.Value[0], [error.Key]));
    }

    /// <summary>Checks every parameter; on success <paramref name="request"/> is what to list, otherwise <paramref name="errors"/> says why not.</summary>
    public bool TryValidate(DateTimeOffset now, out ListingRequest request, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var period = ParsePeriod(now, errors);
        foreach (var (field, value) in new[] { ("q", Q), ("organization", Organization), ("submittedBy", SubmittedBy), ("cursor", Cursor) })
        {
            if (PlainText.Problem(value) is { } problem)
            {
                errors[field] = [problem];
            }
        }
        var search = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim();
        if (search?.Length > MaxSearchLength)
        {
            errors["q"] = [$"At most {MaxSearchLength} characters."];
        }
        // mode: how a search ranks; by keyword and meaning together unless keyword alone is asked for.
        if (Mode is not (null or SearchModes.Hybrid or SearchModes.Keyword))
        {
            errors["mode"] = [$"Must be {SearchModes.Hybrid} or {SearchModes.Keyword}."];
        }
        if (!ListingSorts.TryParse(Sort, search is not null, byKeywordOnly: Mode == SearchModes.Keyword, out var sort))
        {
            errors["sort"] = [search is null ? "Must be upvotes, new or trending." : "Must be relevance, upvotes, new or trending."];
        }
        var limit = Limit ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Must be between 1 and {MaxLimit}."];
        }
        if (MinUpvotes is < 0)
        {
            errors["minUpvotes"] = ["Must not be negative."];
        }
        ListingCursor? after = null;
        if (!errors.ContainsKey("sort") && !ListingCursor.TryDecode(Cursor, sort, out after))
        {
            errors["cursor"] = ["Not a cursor this listing handed out: pass nextCursor back unchanged, with the same sort."];
        }

        request = new ListingRequest(period, search, Blank(Organization), Blank(SubmittedBy), MinUpvotes, sort, limit, after, now);
        return errors.Count == 0;
    }

    private Period? ParsePeriod(DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        if (new[] { Date, Week, Month }.Count(value => value is not null) > 1)
        {
            errors["date"] = ["Give at most one of date, week or month."];
            return null;
        }
        if (Date is { } date)
        {
            if (date == "today")
            {
                return Period.OfDay(DateOnly.FromDateTime(now.UtcDateTime));
            }
            return Period.TryParseDate(date, out var day) ? day : Fail("date", $"Use YYYY-MM-DD (a day from {Period.FirstYear} to {Period.LastYear}) or today.");
        }
        if (Week is { } week)
        {
            return Period.TryParseWeek(week, out var span) ? span : Fail("week", $"Use an ISO week, YYYY-Www, from {Period.FirstYear} to {Period.LastYear}.");
        }
        if (Month is { } month)
        {
            return Period.TryParseMonth(month, out var span) ? span : Fail("month", $"Use YYYY-MM, from {Period.FirstYear} to {Period.LastYear}.");
        }
        return null;

        Period? Fail(string field, string hint)
        {
            errors[field] = [hint];
            return null;
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>The feeds' query: what is new, so newest first by default, and the largest page.</summary>
public sealed record PapersFeedQuery(
    string? Date, string? Week, string? Month, string? Q, string? Organization, string? SubmittedBy, int? MinUpvotes, string? Sort, int? Limit, string? Cursor)
    : ListPapersQuery(Date, Week, Month, Q, Organization, SubmittedBy, MinUpvotes, Sort, Limit, Cursor)
{
    /// <summary>A feed's search ranks by keyword: a feed reader polls it, and its entries should not move with a model.</summary>
    public override ListPapersQuery WithDefaults() =>
        new ListPapersQuery(Date, Week, Month, Q, Organization, SubmittedBy, MinUpvotes, Sort ?? "new", Limit ?? MaxLimit, Cursor, SearchModes.Keyword);
}
