using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PapersPlatform.Messaging;
using PapersPlatform.Testing;
using PapersPlatform.Trending.Announcements;
using PapersPlatform.Trending.Consumers;
using PapersPlatform.Trending.Infrastructure;
using PapersPlatform.Trending.Model;

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

        var withdrawal = await DeliverAsync("paper-upvote-withdrawn", "PaperUpvoteWithdrawn", Messages.Withdrawn(paper, "ada", votedAt, votedAt.AddMinutes(1)));
        var vote = await DeliverAsync("paper-upvoted", "PaperUpvoted", Messages.Upvoted(paper, "ada", votedAt, SubmittedAt));
        // Ada votes again later: that vote counts.
        await DeliverAsync("paper-upvoted", "PaperUpvoted", Messages.Upvoted(paper, "ada", votedAt.AddMinutes(2), SubmittedAt));

        Assert.Equal(1, await UpvotesAsync(paper));
        // Both applied at their first delivery, neither refused as too early.
        Assert.True(await host.Consumers.InInboxAsync(withdrawal, nameof(PaperUpvoteWithdrawnConsumer)));
        Assert.True(await host.Consumers.InInboxAsync(vote, nameof(PaperUpvotedConsumer)));
    }

    [Fact]
    public async Task A_withdrawal_that_breaks_an_invariant_goes_straight_to_the_error_queue_and_holds_up_no_one_else()
    {
        // A counted vote on a paper trending has no row for: no order of messages makes this (an
        // upvote makes its paper's row), only a damaged database, and no retry can mend it.
        var broken = TestHelpers.UniqueArxivId();
        var votedAt = SubmittedAt.AddHours(1);
        await using (var db = host.Consumers.CreateContext())
        {
            db.Votes.Add(new TrendingVote { ArxivId = broken, Voter = "ada", VotedAt = votedAt });
            await db.SaveChangesAsync();
        }
        var paper = TestHelpers.UniqueArxivId();
        await DeliverAsync("paper-upvoted", "PaperUpvoted", Messages.Upvoted(paper, "ada", votedAt, SubmittedAt));

        var poison = await DeliverAsync("paper-upvote-withdrawn", "PaperUpvoteWithdrawn", Messages.Withdrawn(broken, "ada", votedAt, votedAt.AddMinutes(1)));
        var next = await DeliverAsync("paper-upvote-withdrawn", "PaperUpvoteWithdrawn", Messages.Withdrawn(paper, "ada", votedAt, votedAt.AddMinutes(1)));

        Assert.False(await host.Consumers.InInboxAsync(poison, nameof(PaperUpvoteWithdrawnConsumer)));
        Assert.True(await host.Consumers.InInboxAsync(next, nameof(PaperUpvoteWithdrawnConsumer)));
        Assert.Equal(0, await UpvotesAsync(paper));
        var fault = await TestHelpers.EventuallyAsync(async () =>
            await host.Consumers.Broker.PeekHeadersAsync("trending-paper-upvote-withdrawn_error") is [var headers] ? (JsonElement?)headers : null,
            "the withdrawal in the _error queue");
        Assert.Equal(typeof(PoisonMessageException).FullName, fault.GetProperty("MT-Fault-ExceptionType").GetString());
        // MassTransit writes the retry count only when there were retries.
        Assert.False(fault.TryGetProperty("MT-Fault-RetryCount", out _), fault.ToString());
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
