using PapersPlatform.Notification.Mail;

namespace PapersPlatform.Notification.Tests;

public sealed class DigestPeriodsTests
{
    [Fact]
    public void Daily_IsTheUtcDayBefore()
    {
        var (start, end) = DigestPeriods.LastClosed(new DateTimeOffset(2026, 11, 28, 13, 5, 0, TimeSpan.Zero), TimeSpan.FromDays(1));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero), start);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero), end);
    }

    [Fact]
    public void Weekly_RunsMondayToMonday()
    {
        // Saturday 28 November 2026: the last whole week is Monday 16 to Monday 23 November.
        var (start, end) = DigestPeriods.LastClosed(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero), TimeSpan.FromDays(7));
        Assert.Equal(DayOfWeek.Monday, start.DayOfWeek);
        Assert.Equal(new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero), start);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), end);
    }

    [Fact]
    public void AtTheBoundary_ThePeriodJustEndedIsClosed()
    {
        var midnight = new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(midnight, DigestPeriods.LastClosed(midnight, TimeSpan.FromDays(1)).End);
        Assert.Equal(midnight.AddDays(-1), DigestPeriods.LastClosed(midnight.AddTicks(-1), TimeSpan.FromDays(1)).End);
    }
}
