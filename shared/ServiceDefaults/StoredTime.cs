namespace PapersPlatform.ServiceDefaults;

public static class StoredTime
{
    /// <summary>
    /// The time as Postgres keeps it: microseconds, where .NET has 100 ns ticks. A vote's time
    /// arrives with ticks in its upvote and with microseconds in its withdrawal (read back from
    /// the catalogue); compared in memory, both must be the same key.
    /// </summary>
    public static DateTimeOffset AsStored(this DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % 10, TimeSpan.Zero);
}
