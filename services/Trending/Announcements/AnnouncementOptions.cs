namespace PapersPlatform.Trending.Announcements;

/// <summary>What trending announces to the other services, and how often: the "Announcements" section.</summary>
public sealed class AnnouncementOptions
{
    public const string Section = "Announcements";

    /// <summary>Entering this many of the day's best is worth telling the submitter.</summary>
    public int AnnounceTopN { get; set; } = 10;

    /// <summary>
    /// How often changed scores are announced to the other services' copies (the catalogue's
    /// trending order, digests): the most a copy lags behind trending, and the window within which
    /// a paper's many votes make one message.
    /// </summary>
    public TimeSpan ScoreInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
