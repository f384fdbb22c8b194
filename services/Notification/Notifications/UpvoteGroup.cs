using System.Globalization;

namespace PapersPlatform.Notification.Notifications;

/// <summary>
/// The upvotes of one paper cast in one UTC hour: one notification for its submitter, which counts
/// the people with a current vote among them.
/// </summary>
public sealed record UpvoteGroup(string ArxivId, DateTimeOffset HourStart)
{
    public static UpvoteGroup Of(string arxivId, DateTimeOffset votedAt)
    {
        var utc = votedAt.UtcDateTime;
        return new(arxivId, new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero));
    }

    public DateTimeOffset HourEnd => HourStart.AddHours(1);

    /// <summary>The notification's group key (unchanged from before votes were counted per person).</summary>
    public string Key => $"upvote:{ArxivId}:{HourStart.UtcDateTime.ToString("yyyy-MM-ddTHH", CultureInfo.InvariantCulture)}";

    /// <param name="voters">The group's current voters, most recent first.</param>
    public static string Message(string title, IReadOnlyList<string> voters) => voters.Count == 1
        ? $"{voters[0]} upvoted your paper \"{title}\"."
        : $"{voters.Count} people upvoted your paper \"{title}\" this hour, most recently {voters[0]}.";
}
