using PapersPlatform.Catalogue.Listings;
using PapersPlatform.ServiceDefaults.Validation;

namespace PapersPlatform.Catalogue.Apis;

/// <summary>The query string of <c>GET /api/papers</c> and of the Atom feeds.</summary>
public sealed record ListPapersQuery(
    string? Date,
    string? Week,
    string? Month,
    string? Q,
    string? Organization,
    string? SubmittedBy,
    int? MinUpvotes,
    string? Sort,
    int? Limit,
    string? Cursor)
{
    public const int DefaultLimit = 30;
    public const int MaxLimit = 100;
    public const int MaxSearchLength = 500;

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
        if (!ListingSorts.TryParse(Sort, search is not null, out var sort))
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
