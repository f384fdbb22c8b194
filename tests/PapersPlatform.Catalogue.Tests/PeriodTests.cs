using PapersPlatform.Catalogue.Listings;

namespace PapersPlatform.Catalogue.Tests;

public sealed class PeriodTests
{
    [Fact]
    public void TryParseDate_Day_IsThatUtcDay()
    {
        Assert.True(Period.TryParseDate("2026-11-28", out var period));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero), period.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero), period.To);
    }

    [Theory]
    [InlineData("2026-W48", "2026-11-23")]
    [InlineData("2026-W01", "2025-12-29")] // ISO week 1 starts in the previous calendar year
    [InlineData("2020-W53", "2020-12-28")]
    public void TryParseWeek_IsoWeek_StartsOnItsMondayAndLastsSevenDays(string week, string monday)
    {
        Assert.True(Period.TryParseWeek(week, out var period));
        Assert.Equal(DateTimeOffset.Parse($"{monday}T00:00:00Z"), period.From);
        Assert.Equal(TimeSpan.FromDays(7), period.To - period.From);
    }

    [Fact]
    public void TryParseMonth_February_EndsOnMarchFirst()
    {
        Assert.True(Period.TryParseMonth("2024-02", out var period));
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), period.To);
    }

    [Theory]
    [InlineData("2026-13-01")]
    [InlineData("28-11-2026")]
    [InlineData("2026-11-28T00:00")]
    public void TryParseDate_Malformed_IsRejected(string text) => Assert.False(Period.TryParseDate(text, out _));

    [Theory]
    [InlineData("2026-W54")]
    [InlineData("2026-W00")]
    [InlineData("2021-W53")] // 2021 has 52 ISO weeks
    [InlineData("2026W48")]
    [InlineData("2026-W4")]
    public void TryParseWeek_Malformed_IsRejected(string text) => Assert.False(Period.TryParseWeek(text, out _));

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-1")]
    [InlineData("2026-11-01")]
    public void TryParseMonth_Malformed_IsRejected(string text) => Assert.False(Period.TryParseMonth(text, out _));
}
