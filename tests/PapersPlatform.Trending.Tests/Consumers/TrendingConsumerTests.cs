using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PapersPlatform.Messaging;
using PapersPlatform.Testing;
using PapersPlatform.Trending.Announcements;
using PapersPlatform.Trending.Consumers;
using PapersPlatform.Trending.Infrastructure;

namespace PapersPlatform.Trending.Tests.Consumers;

/// <summary>
/// Trending's three consumers alone, on a database and a virtual host of their own: each message
/// counts once however often it comes, and any order of a paper, its votes and their withdrawals
/// ends in the state the votes describe (docs/operations.md, "Any order of delivery").
/// </summary>
public sealed class TrendingConsumerTests(TrendingConsumerTests.Host host) : IClassFixture<TrendingConsumerTests.Host>
{
    private static readonly DateTimeOffset SubmittedAt = Messages.Microseconds(DateTimeOffset.UtcNow.AddHours(-6));

    [Fact]
    public async Task The_same_vote_delivered_twice_counts_once()
    {
        var paper = TestHelpers.UniqueArxivId();
        await DeliverAsync("paper-published", "PaperPublished", Messages.Published(paper, SubmittedAt));
        var vote = Messages.Upvoted(paper, "ada", SubmittedAt.AddHours(1), SubmittedAt);

        var id = await DeliverAsync("paper-upvoted", "PaperUpvoted", vote);
        await DeliverAsync("paper-upvoted", "PaperUpvoted", vote, id);

        Assert.Equal(1, await UpvotesAsync(paper));
        Assert.True(await host.Consumers.InInboxAsync(id, nameof(PaperUpvotedConsumer)));
    }

    [Fact]
    public async Task A_vote_before_its_paper_makes_the_paper_and_the_paper_then_adds_nothing()
    {
        var paper = TestHelpers.UniqueArxivId();

        await DeliverAsync("paper-upvoted", "PaperUpvoted", Messages.Upvoted(paper, "ada", SubmittedAt.AddHours(1), SubmittedAt));
        await DeliverAsync("paper-published", "PaperPublished", Messages.Published(paper, SubmittedAt));

        Assert.Equal(1, await UpvotesAsync(paper));
        await using var db = host.Consumers.CreateContext();
        Assert.Equal(1, await db.Papers.CountAsync(candidate => candidate.ArxivId == paper));
    }

    [Fact]
    public async Task A_withdrawal_before_its_vote_leaves_no_vote_and_the_late_vote_adds_none()
    {
        var paper = TestHelpers.UniqueArxivId();
        var votedAt = SubmittedAt.AddHours(1);
        await DeliverAsync("paper-published", "PaperPublished", Messages.Published(paper, SubmittedAt));

        await DeliverAsync("paper-upvote-withdrawn", "PaperUpvoteWithdrawn", Messages.Withdrawn(paper, "ada", votedAt, votedAt.AddMinutes(1)));
        await DeliverAsync("paper-upvoted", "PaperUpvoted", Messages.Upvoted(paper, "ada", votedAt, SubmittedAt));
        // Ada votes again later: that vote counts.
        await DeliverAsync("paper-upvoted", "PaperUpvoted", Messages.Upvoted(paper, "ada", votedAt.AddMinutes(2), SubmittedAt));

        Assert.Equal(1, await UpvotesAsync(paper));
        Assert.Equal(0, await host.Consumers.DeadLettersAsync());
    }

    private Task<Guid> DeliverAsync(string queue, string contract, object message, Guid? messageId = null) =>
        host.Consumers.DeliverAsync(queue, contract, message, messageId);

    private async Task<int> UpvotesAsync(string paper)
    {
        await using var db = host.Consumers.CreateContext();
        return (await db.Papers.AsNoTracking().SingleAsync(candidate => candidate.ArxivId == paper)).Upvotes;
    }

    /// <summary>Trending's consumers, with what the vote consumer needs to announce a paper entering the top list.</summary>
    public sealed class Host : ConsumerFixture<TrendingDbContext>
    {
        protected override Task<ConsumerHost<TrendingDbContext>> StartAsync() =>
            ConsumerHost<TrendingDbContext>.StartAsync(TrendingDbContext.Schema, bus =>
            {
                bus.AddBatchConsumer<PaperPublishedConsumer>();
                bus.AddBatchConsumer<PaperUpvotedConsumer>();
                bus.AddBatchConsumer<PaperUpvoteWithdrawnConsumer>();
            }, services => services.AddScoped<TrendingAnnouncer>());
    }
}
