namespace PapersPlatform.Notification.Mail;

/// <summary>
/// Digest periods are fixed slices of time counted from a Monday midnight UTC, so a daily period
/// is a UTC day and a weekly one runs Monday to Monday, and every instance computes the same ones.
/// </summary>
public static class DigestPeriods
{
    private static readonly DateTimeOffset Origin = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The latest period of <paramref name="length"/> that has ended by <paramref name="now"/>.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) LastClosed(DateTimeOffset now, TimeSpan length)
    {
        var periodsSinceOrigin = (now - Origin).Ticks / length.Ticks;
        var end = Origin + TimeSpan.FromTicks(periodsSinceOrigin * length.Ticks);
        return (end - length, end);
    }
}
