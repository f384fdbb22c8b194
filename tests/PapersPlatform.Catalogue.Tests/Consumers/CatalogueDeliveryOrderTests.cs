using Microsoft.EntityFrameworkCore;
using PapersPlatform.Catalogue.Consumers;
using PapersPlatform.Messaging.Copies;
using PapersPlatform.Testing;

namespace PapersPlatform.Catalogue.Tests.Consumers;

/// <summary>
/// The catalogue's consumers fed in bursts that the batch consumers take together, in the orders
/// RabbitMQ may really deliver: the newest score wins whether its paper is there yet or not, and a
/// burst of publications stores each paper once with the score that overtook it.
/// </summary>
public sealed class CatalogueDeliveryOrderTests(CatalogueConsumerTests.Host host) : IClassFixture<CatalogueConsumerTests.Host>
{
    private static readonly DateTimeOffset SubmittedAt = Messages.Microseconds(DateTimeOffset.UtcNow.AddHours(-6));

    [Fact]
    public async Task Scores_in_a_burst_of_shuffled_versions_keep_the_newest_for_papers_there_and_papers_to_come()
    {
        var (present, later) = (TestHelpers.UniqueArxivId(), TestHelpers.UniqueArxivId());
        await host.Consumers.DeliverAsync("paper-published", "PaperPublished", Messages.Published(present, SubmittedAt));
        var versions = Enumerable.Range(1, 15).OrderBy(version => version * 7919 % 15).ToList();

        await host.Consumers.DeliverBurstAsync("trending-score-changed", "TrendingScoreChanged",
            [.. new[] { present, later }.SelectMany(arxivId => versions.Select(version => Messages.ScoreChanged(arxivId, 100.0 + version, version)))]);
        await using (var db = host.Consumers.CreateContext())
        {
            Assert.Equal(15, (await db.Set<EarlyTrendingScore>().AsNoTracking().SingleAsync(score => score.ArxivId == later)).Version);
        }
        await host.Consumers.DeliverAsync("paper-published", "PaperPublished", Messages.Published(later, SubmittedAt));

        await using var check = host.Consumers.CreateContext();
        foreach (var arxivId in new[] { present, later })
        {
            var paper = await check.Papers.AsNoTracking().SingleAsync(candidate => candidate.ArxivId == arxivId);
            Assert.Equal((115.0, 15L), (paper.TrendingScore, paper.TrendingVersion));
        }
        Assert.Equal(0, await host.Consumers.DeadLettersAsync());
    }

    /// <summary>
    /// A bulk import's publications arrive in bursts, applied in batches: each paper is stored once,
    /// redeliveries change nothing, and a score that overtook its paper is taken over.
    /// </summary>
    [Fact]
    public async Task Publications_in_a_burst_land_once_each_with_the_score_that_overtook_them()
    {
        var papers = Enumerable.Range(0, 12).Select(_ => TestHelpers.UniqueArxivId()).ToList();
        await host.Consumers.DeliverAsync("trending-score-changed", "TrendingScoreChanged", Messages.ScoreChanged(papers[0], 42.0, version: 3));
        var published = papers.Select(paper => Messages.Published(paper, SubmittedAt)).ToList();

        var ids = await host.Consumers.DeliverBurstAsync("paper-published", "PaperPublished", [.. published, .. published.Take(3)], redelivered: 3);

        Assert.True(await host.Consumers.LargestBatchAsync(ids, nameof(PaperPublishedConsumer)) > 1,
            "the catalogue applied every publication of the burst on its own: the test did not exercise a batch");
        await using var db = host.Consumers.CreateContext();
        Assert.Equal(papers.Count, await db.Papers.CountAsync(paper => papers.Contains(paper.ArxivId)));
        Assert.Equal(42.0, (await db.Papers.AsNoTracking().SingleAsync(paper => paper.ArxivId == papers[0])).TrendingScore);
        Assert.False(await db.Set<EarlyTrendingScore>().AnyAsync(score => score.ArxivId == papers[0]));
    }
}
