using Microsoft.EntityFrameworkCore;
using PapersPlatform.Notification.Model;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Notification.Notifications;

namespace PapersPlatform.Notification.Infrastructure;

internal static class NotificationDbContextExtensions
{
    /// <summary>Serialises the consumers of one paper (its publication, its scores, its votes) until the transaction ends.</summary>
    public static Task LockPaperAsync(this NotificationDbContext db, string arxivId, CancellationToken cancellationToken) =>
        db.LockKeyAsync("notification-paper", arxivId, cancellationToken);

    /// <summary>Serialises the consumers of one upvote group (its upvotes and withdrawals) until the transaction ends.</summary>
    public static Task LockGroupAsync(this NotificationDbContext db, UpvoteGroup group, CancellationToken cancellationToken) =>
        db.LockKeyAsync("notification-upvotes", group.Key, cancellationToken);

    /// <summary>Keeps the newest score of a paper not here yet; the caller holds the paper's lock.</summary>
    public static async Task KeepEarlyScoreAsync(this NotificationDbContext db, TrendingScoreChanged message, CancellationToken cancellationToken)
    {
        var early = await db.EarlyTrendingScores.FindAsync([message.ArxivId], cancellationToken);
        if (early is null)
        {
            db.EarlyTrendingScores.Add(new EarlyTrendingScore { ArxivId = message.ArxivId, Score = message.Score, Version = message.Version });
        }
        else if (early.Version < message.Version)
        {
            (early.Score, early.Version) = (message.Score, message.Version);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Takes over (and removes) the score that arrived before the paper, if one did; the caller holds the paper's lock.</summary>
    public static async Task<EarlyTrendingScore?> TakeEarlyScoreAsync(this NotificationDbContext db, string arxivId, CancellationToken cancellationToken)
    {
        var early = await db.EarlyTrendingScores.FindAsync([arxivId], cancellationToken);
        if (early is not null)
        {
            db.EarlyTrendingScores.Remove(early);
        }
        return early;
    }
}
