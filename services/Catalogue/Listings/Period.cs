using System.Globalization;

namespace PapersPlatform.Catalogue.Listings;

/// <summary>A half-open span of submission time [From, To) that a listing selects, in UTC.</summary>
public sealed record Period(DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>arXiv began in 1991; the end leaves room for the day, week or month after (9999-12-31 has none).</summary>
    public const int FirstYear = 1991, LastYear = 9998;

    public static Period OfDay(DateOnly day) => Span(day, day.AddDays(1));

    public static bool TryParseDate(string text, out Period period) =>
        Build(DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && InRange(day.Year),
            () => OfDay(day), out period);

    /// <summary>An ISO 8601 week such as 2026-W48 (weeks start on Monday).</summary>
    public static bool TryParseWeek(string text, out Period period)
    {
        var parts = text.Split("-W", 2);
        var valid = parts.Length == 2 && parts[1].Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year) && InRange(year)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var week) && week >= 1 && week <= ISOWeek.GetWeeksInYear(year);
        return Build(valid, () =>
        {
            var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), DayOfWeek.Monday));
            return Span(monday, monday.AddDays(7));
        }, out period);
    }

    public static bool TryParseMonth(string text, out Period period) =>
        Build(DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) && text.Length == 7 && InRange(first.Year),
            () => Span(first, first.AddMonths(1)), out period);

    private static bool InRange(int year) => year is >= FirstYear and <= LastYear;

    private static Period Span(DateOnly from, DateOnly to) =>
        new(new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), new DateTimeOffset(to.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));

    private static bool Build(bool valid, Func<Period> create, out Period period)
    {
        period = valid ? create() : new Period(default, default);
        return valid;
    }
}
