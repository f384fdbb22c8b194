using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Outbox;
using PapersPlatform.Trending.Infrastructure;
using PapersPlatform.Trending.Model;

namespace PapersPlatform.Trending.Announcements;

/// <summary>
/// Publishes <see cref="PaperEnteredTrending"/> when a vote lifts a paper into the day's top N. Runs in the
/// vote's transaction with the paper's row locked, so the flag it sets makes it once per paper
/// however many instances consume votes.
/// </summary>
public sealed class TrendingAnnouncer(TrendingDbContext db, TimeProvider clock, IOptions<AnnouncementOptions> options)
{
    public static readonly TimeSpan Day = TimeSpan.FromDays(1);

    public async Task AnnounceIfEnteredDayTopAsync(TrendingPaper paper, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var since = now - Day;
        var top = options.Value.AnnounceTopN;
        if (paper.AnnouncedTrendingAt is not null || paper.SubmittedAt < since)
        {
            return;
        }
        // How many of the day's papers stand above it, counting no further than the top N.
        var above = await db.Papers
            .Where(other => other.SubmittedAt >= since && other.ArxivId != paper.ArxivId
                && (other.Score > paper.Score || (other.Score == paper.Score && string.Compare(other.ArxivId, paper.ArxivId) < 0)))
            .Take(top)
            .CountAsync(cancellationToken);
        if (above >= top)
        {
            return;
        }
        paper.AnnouncedTrendingAt = now;
        db.AddOutboxMessage(new PaperEnteredTrending(paper.ArxivId, paper.Title, paper.SubmittedBy, "day", above + 1, now), clock);
    }
}
