using Microsoft.EntityFrameworkCore;
using PapersPlatform.Messaging;
using PapersPlatform.Notification.Consumers;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.Notification.Keywords;
using PapersPlatform.Notification.Model;
using PapersPlatform.Testing;

namespace PapersPlatform.Notification.Tests.Consumers;

/// <summary>
/// The notification service's consumers alone, on a database and a virtual host of their own: a
/// submitter is told of each person once, of nobody whose vote was taken back before it arrived,
/// and of entering the top list once; a paper is kept and alerted once, with a score that came
/// before it.
/// </summary>
public sealed class NotificationConsumerTests(NotificationConsumerTests.Host host) : IClassFixture<NotificationConsumerTests.Host>
{
    private static readonly DateTimeOffset SubmittedAt = Messages.Microseconds(DateTimeOffset.UtcNow.AddDays(-1));

    /// <summary>A past hour, so that every vote of a test falls in one group.</summary>
    private static readonly DateTimeOffset Hour = new(DateTime.UtcNow.Date.AddDays(-1).AddHours(9), TimeSpan.Zero);

    [Fact]
    public async Task A_vote_delivered_twice_tells_the_submitter_of_one_person()
    {
        var (paper, submitter) = (TestHelpers.UniqueArxivId(), Submitter());
        var vote = Messages.Upvoted(paper, "ada", Hour.AddMinutes(5), SubmittedAt, submitter);

        var id = await DeliverAsync("paper-upvoted", "PaperUpvoted", vote);
        await DeliverAsync("paper-upvoted", "PaperUpvoted", vote, id);
        await DeliverAsync("paper-upvoted", "PaperUpvoted", Messages.Upvoted(paper, "grace", Hour.AddMinutes(6), SubmittedAt, submitter, upvotes: 2));

        var notification = Assert.Single(await NotificationsOfAsync(submitter));
        Assert.Equal(2, notification.Count);
        Assert.StartsWith("2 people upvoted your paper", notification.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vote_whose_withdrawal_came_first_tells_nobody()
    {
        var (paper, submitter) = (TestHelpers.UniqueArxivId(), Submitter());
        var votedAt = Hour.AddMinutes(10);

        await DeliverAsync("paper-upvote-withdrawn", "PaperUpvoteWithdrawn", Messages.Withdrawn(paper, "ada", votedAt, votedAt.AddMinutes(1)));
        await DeliverAsync("paper-upvoted", "PaperUpvoted", Messages.Upvoted(paper, "ada", votedAt, SubmittedAt, submitter));

        Assert.Empty(await NotificationsOfAsync(submitter));
        Assert.Equal(0, await host.Consumers.DeadLettersAsync());
    }

    [Fact]
    public async Task Entering_the_top_list_delivered_twice_is_one_notification()
    {
        var (paper, submitter) = (TestHelpers.UniqueArxivId(), Submitter());
        var entered = new { arxivId = paper, title = $"Paper {paper}", submittedBy = submitter, window = "day", rank = 3, at = DateTimeOffset.UtcNow };

        var id = await DeliverAsync("paper-entered-trending", "PaperEnteredTrending", entered);
        await DeliverAsync("paper-entered-trending", "PaperEnteredTrending", entered, id);

        var notification = Assert.Single(await NotificationsOfAsync(submitter));
        Assert.Equal(NotificationKinds.Trending, notification.Kind);
    }

    [Fact]
    public async Task A_paper_sent_twice_is_kept_and_alerted_once_with_the_score_that_came_before_it()
    {
        var (paper, reader, word) = (TestHelpers.UniqueArxivId(), Submitter(), $"w{Guid.NewGuid():N}"[..12]);
        await using (var db = host.Consumers.CreateContext())
        {
            db.KeywordAlerts.Add(new KeywordAlert { Phrase = KeywordText.Phrase(word)!, UserName = reader, Keyword = word });
            await db.SaveChangesAsync();
        }
        await DeliverAsync("trending-score-changed", "TrendingScoreChanged", Messages.ScoreChanged(paper, 42.5, version: 2));
        var published = Messages.Published(paper, SubmittedAt, title: $"Learning {word} fast");

        var id = await DeliverAsync("paper-published", "PaperPublished", published);
        await DeliverAsync("paper-published", "PaperPublished", published, id);
        await DeliverAsync("paper-published", "PaperPublished", published);

        var alert = Assert.Single(await NotificationsOfAsync(reader));
        Assert.Equal((NotificationKinds.Keyword, paper), (alert.Kind, alert.ArxivId));
        await using var check = host.Consumers.CreateContext();
        var stored = await check.Papers.AsNoTracking().SingleAsync(candidate => candidate.ArxivId == paper);
        Assert.Equal((42.5, 2L), (stored.Score, stored.ScoreVersion));
    }

    private static string Submitter() => $"submitter-{Guid.NewGuid():N}"[..24];

    private async Task<List<UserNotification>> NotificationsOfAsync(string recipient)
    {
        await using var db = host.Consumers.CreateContext();
        return await db.Notifications.AsNoTracking().Where(notification => notification.Recipient == recipient).ToListAsync();
    }

    private Task<Guid> DeliverAsync(string queue, string contract, object message, Guid? messageId = null) =>
        host.Consumers.DeliverAsync(queue, contract, message, messageId);

    public sealed class Host : ConsumerFixture<NotificationDbContext>
    {
        protected override Task<ConsumerHost<NotificationDbContext>> StartAsync() =>
            ConsumerHost<NotificationDbContext>.StartAsync(NotificationDbContext.Schema, bus =>
            {
                bus.AddBatchConsumer<PaperUpvotedConsumer>();
                bus.AddBatchConsumer<PaperUpvoteWithdrawnConsumer>();
                bus.AddConsumer<PaperEnteredTrendingConsumer>();
                bus.AddBatchConsumer<PaperPublishedConsumer>();
                bus.AddBatchConsumer<TrendingScoreChangedConsumer>();
            });
    }
}
