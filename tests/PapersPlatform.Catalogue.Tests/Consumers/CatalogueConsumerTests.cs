using Microsoft.EntityFrameworkCore;
using PapersPlatform.Catalogue.Consumers;
using PapersPlatform.Catalogue.Infrastructure;
using PapersPlatform.Messaging;
using PapersPlatform.Messaging.Copies;
using PapersPlatform.Testing;

namespace PapersPlatform.Catalogue.Tests.Consumers;

/// <summary>
/// The catalogue's consumers alone, on a database and a virtual host of their own: a paper is
/// stored once however often it comes, and a score that arrives before its paper is kept and
/// taken over by it, never retried or lost; an older score never replaces a newer one.
/// </summary>
public sealed class CatalogueConsumerTests(CatalogueConsumerTests.Host host) : IClassFixture<CatalogueConsumerTests.Host>
{
    private static readonly DateTimeOffset SubmittedAt = Messages.Microseconds(DateTimeOffset.UtcNow.AddHours(-6));

    [Fact]
    public async Task The_same_paper_delivered_twice_and_again_under_another_message_id_is_stored_once()
    {
        var paper = TestHelpers.UniqueArxivId();
        var published = Messages.Published(paper, SubmittedAt);

        var id = await DeliverAsync("paper-published", "PaperPublished", published);
        await DeliverAsync("paper-published", "PaperPublished", published, id);
        await DeliverAsync("paper-published", "PaperPublished", published);

        await using var db = host.Consumers.CreateContext();
        Assert.Equal(1, await db.Papers.CountAsync(candidate => candidate.ArxivId == paper));
    }

    [Fact]
    public async Task Scores_before_their_paper_are_kept_newest_first_and_taken_over_by_it()
    {
        var paper = TestHelpers.UniqueArxivId();

        await DeliverAsync("trending-score-changed", "TrendingScoreChanged", Messages.ScoreChanged(paper, 1234.5, version: 3));
        await DeliverAsync("trending-score-changed", "TrendingScoreChanged", Messages.ScoreChanged(paper, 1000.25, version: 2));
        await using (var db = host.Consumers.CreateContext())
        {
            var kept = await db.Set<EarlyTrendingScore>().AsNoTracking().SingleAsync(score => score.ArxivId == paper);
            Assert.Equal((1234.5, 3L), (kept.Score, kept.Version));
        }
        await DeliverAsync("paper-published", "PaperPublished", Messages.Published(paper, SubmittedAt));

        await using (var db = host.Consumers.CreateContext())
        {
            var stored = await db.Papers.AsNoTracking().SingleAsync(candidate => candidate.ArxivId == paper);
            Assert.Equal((1234.5, 3L), (stored.TrendingScore, stored.TrendingVersion));
            Assert.False(await db.Set<EarlyTrendingScore>().AnyAsync(score => score.ArxivId == paper));
        }
        // A score older than the one taken over changes nothing.
        await DeliverAsync("trending-score-changed", "TrendingScoreChanged", Messages.ScoreChanged(paper, 1.0, version: 1));
        await using (var db = host.Consumers.CreateContext())
        {
            Assert.Equal(3L, (await db.Papers.AsNoTracking().SingleAsync(candidate => candidate.ArxivId == paper)).TrendingVersion);
        }
        Assert.Equal(0, await host.Consumers.DeadLettersAsync());
    }

    private Task<Guid> DeliverAsync(string queue, string contract, object message, Guid? messageId = null) =>
        host.Consumers.DeliverAsync(queue, contract, message, messageId);

    public sealed class Host : ConsumerFixture<CatalogueDbContext>
    {
        protected override Task<ConsumerHost<CatalogueDbContext>> StartAsync() =>
            ConsumerHost<CatalogueDbContext>.StartAsync(CatalogueDbContext.Schema, bus =>
            {
                bus.AddBatchConsumer<PaperPublishedConsumer>();
                bus.AddBatchConsumer<TrendingScoreChangedConsumer>();
            });
    }
}
