using Microsoft.EntityFrameworkCore;
using PapersPlatform.Messaging.Copies;
using PapersPlatform.Notification.Consumers;
using PapersPlatform.Notification.Keywords;
using PapersPlatform.Notification.Model;
using PapersPlatform.Testing;

namespace PapersPlatform.Notification.Tests.Consumers;

/// <summary>
/// The notification service's consumers fed in the orders RabbitMQ may really deliver, one
/// message at a time and in bursts that the batch consumers take together: a submitter is told of
/// exactly the people whose vote remains, the newest score wins whether its paper is there yet or
/// not, and a burst of publications alerts each reader once, numbered in order in their stream.
/// </summary>
public sealed class NotificationDeliveryOrderTests(NotificationConsumerTests.Host host) : IClassFixture<NotificationConsumerTests.Host>
{
    private static readonly DateTimeOffset SubmittedAt = Messages.Microseconds(DateTimeOffset.UtcNow.AddDays(-1));

    /// <summary>A past hour, so that every vote of a test falls in one group.</summary>
    private static readonly DateTimeOffset Hour = new(DateTime.UtcNow.Date.AddDays(-1).AddHours(9), TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(VoteDeliveries.RevoteOrders), MemberType = typeof(VoteDeliveries))]
    public async Task A_revote_in_any_order_counts_one_person(string order)
    {
        var (paper, submitter) = (TestHelpers.UniqueArxivId(), Submitter());
        var (t1, t2) = (Hour.AddMinutes(10), Hour.AddMinutes(20));
        await DeliverAsync("paper-upvoted", "PaperUpvoted", Messages.Upvoted(paper, "another-voter", Hour.AddMinutes(5), SubmittedAt, submitter));

        await host.Consumers.DeliverRevoteAsync(order, paper, "changes-mind", t1, t2, SubmittedAt, submitter);

        var people = await PeopleToldOfAsync(paper);
        Assert.True(people == 2, $"delivered {order}: the submitter is told of {people} people, but two have a vote");
    }

    [Theory]
    [InlineData("withdrawals first")]
    [InlineData("upvotes first")]
    public async Task Bursts_of_votes_in_either_order_count_the_remaining_voters(string order)
    {
        var (paper, submitter) = (TestHelpers.UniqueArxivId(), Submitter());
        var (votes, withdrawn) = VoteDeliveries.Burst(Hour.AddMinutes(1));

        var largestBatch = await host.Consumers.DeliverVoteBurstsAsync(order == "withdrawals first", paper, votes, withdrawn, SubmittedAt, submitter);

        Assert.True(largestBatch > 1, "notification applied every vote of the bursts on its own: the test did not exercise a batch");
        var people = await PeopleToldOfAsync(paper);
        Assert.True(people == votes.Count - withdrawn.Count, $"{order}: the submitter is told of {people} people, but {votes.Count - withdrawn.Count} have a vote");
    }

    /// <summary>A burst of one paper's scores in shuffled versions, and of a paper not there yet: the newest is kept for both.</summary>
    [Fact]
    public async Task Scores_in_a_burst_of_shuffled_versions_keep_the_newest_for_papers_there_and_papers_to_come()
    {
        var (present, later) = (TestHelpers.UniqueArxivId(), TestHelpers.UniqueArxivId());
        await DeliverAsync("paper-published", "PaperPublished", Messages.Published(present, SubmittedAt));
        var versions = Enumerable.Range(1, 15).OrderBy(version => version * 7919 % 15).ToList();

        await host.Consumers.DeliverBurstAsync("trending-score-changed", "TrendingScoreChanged",
            [.. new[] { present, later }.SelectMany(arxivId => versions.Select(version => Messages.ScoreChanged(arxivId, 100.0 + version, version)))]);
        await using (var db = host.Consumers.CreateContext())
        {
            Assert.Equal(15, (await db.Set<EarlyTrendingScore>().AsNoTracking().SingleAsync(score => score.ArxivId == later)).Version);
        }
        await DeliverAsync("paper-published", "PaperPublished", Messages.Published(later, SubmittedAt));

        await using var check = host.Consumers.CreateContext();
        foreach (var arxivId in new[] { present, later })
        {
            var paper = await check.Papers.AsNoTracking().SingleAsync(candidate => candidate.ArxivId == arxivId);
            Assert.Equal((115.0, 15L), (paper.Score, paper.ScoreVersion));
        }
        Assert.Equal(0, await host.Consumers.DeadLettersAsync());
    }

    /// <summary>
    /// A bulk import's publications arrive in bursts, applied in batches: each paper is kept once,
    /// redeliveries change nothing, a score that overtook its paper is taken over, and a reader's
    /// keyword alerts from one burst are numbered one after another in their stream, after what it
    /// held, leaving out the paper the reader submitted.
    /// </summary>
    [Fact]
    public async Task Publications_in_a_burst_land_once_each_and_alert_a_reader_in_stream_order()
    {
        var papers = Enumerable.Range(0, 12).Select(_ => TestHelpers.UniqueArxivId()).ToList();
        var (word, reader) = ($"w{Guid.NewGuid():N}"[..12], Submitter());
        await using (var db = host.Consumers.CreateContext())
        {
            db.KeywordAlerts.Add(new KeywordAlert { Phrase = KeywordText.Phrase(word)!, UserName = reader, Keyword = word });
            db.Streams.Add(new NotificationStream { Recipient = reader, LastSequence = 10 });
            await db.SaveChangesAsync();
        }
        await DeliverAsync("trending-score-changed", "TrendingScoreChanged", Messages.ScoreChanged(papers[0], 42.0, version: 3));
        // Every other paper's title has the reader's keyword, and the reader submitted one of those: five alerts.
        var published = papers.Select((paper, index) => Messages.Published(paper, SubmittedAt,
            submittedBy: index == 2 ? reader : "submitter", title: index % 2 == 0 ? $"On {word}, part {index}" : null)).ToList();

        var ids = await host.Consumers.DeliverBurstAsync("paper-published", "PaperPublished", [.. published, .. published.Take(3)], redelivered: 3);

        Assert.True(await host.Consumers.LargestBatchAsync(ids, nameof(PaperPublishedConsumer)) > 1,
            "notification applied every publication of the burst on its own: the test did not exercise a batch");
        await using var check = host.Consumers.CreateContext();
        Assert.Equal(papers.Count, await check.Papers.CountAsync(paper => papers.Contains(paper.ArxivId)));
        Assert.Equal(42.0, (await check.Papers.AsNoTracking().SingleAsync(paper => paper.ArxivId == papers[0])).Score);
        Assert.False(await check.Set<EarlyTrendingScore>().AnyAsync(score => score.ArxivId == papers[0]));
        var alerts = await check.Notifications.AsNoTracking().Where(notification => notification.Recipient == reader).ToListAsync();
        Assert.Equal([11L, 12, 13, 14, 15], alerts.Select(alert => alert.Sequence).Order());
        Assert.DoesNotContain(alerts, alert => alert.ArxivId == papers[2]);
        Assert.Equal(15, (await check.Streams.AsNoTracking().SingleAsync(stream => stream.Recipient == reader)).LastSequence);
    }

    private static string Submitter() => $"submitter-{Guid.NewGuid():N}"[..24];

    private async Task<int> PeopleToldOfAsync(string paper)
    {
        await using var db = host.Consumers.CreateContext();
        return await db.Notifications.Where(notification => notification.Kind == NotificationKinds.Upvote && notification.ArxivId == paper)
            .SumAsync(notification => notification.Count);
    }

    private Task<Guid> DeliverAsync(string queue, string contract, object message) => host.Consumers.DeliverAsync(queue, contract, message);
}
