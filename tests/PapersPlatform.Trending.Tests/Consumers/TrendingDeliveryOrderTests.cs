using Microsoft.EntityFrameworkCore;
using PapersPlatform.ServiceDefaults;
using PapersPlatform.Testing;
using PapersPlatform.Trending.Consumers;
using PapersPlatform.Trending.Model;

namespace PapersPlatform.Trending.Tests.Consumers;

/// <summary>
/// Trending's consumers fed in the orders RabbitMQ may really deliver (upvotes and withdrawals
/// travel on different queues, retries reorder, a vote can overtake its paper), one message at a
/// time and in bursts that the batch consumers take together: every order ends with the score of a
/// paper that only ever had the votes that remain. The yardstick is a second paper given just
/// those votes.
/// </summary>
public sealed class TrendingDeliveryOrderTests(TrendingConsumerTests.Host host) : IClassFixture<TrendingConsumerTests.Host>
{
    /// <summary>Yesterday's paper, today's votes: a withdrawn vote weighs more than the paper had.</summary>
    private static readonly DateTimeOffset SubmittedAt = Messages.Microseconds(DateTimeOffset.UtcNow.AddDays(-1));

    [Theory]
    [MemberData(nameof(VoteDeliveries.RevoteOrders), MemberType = typeof(VoteDeliveries))]
    public async Task A_revote_in_any_order_scores_as_the_final_vote_alone(string order)
    {
        var (paper, yardstick) = await PaperAndYardstickAsync();
        var (t1, t2) = (Messages.Microseconds(DateTimeOffset.UtcNow.AddMinutes(-2)), Messages.Microseconds(DateTimeOffset.UtcNow.AddMinutes(-1)));
        await DeliverAsync("paper-upvoted", "PaperUpvoted", Messages.Upvoted(yardstick, "changes-mind", t2, SubmittedAt));

        await host.Consumers.DeliverRevoteAsync(order, paper, "changes-mind", t1, t2, SubmittedAt);

        await AssertScoresAlikeAsync(paper, yardstick, upvotes: 1, $"delivered {order}");
    }

    [Fact]
    public async Task Withdrawals_of_votes_counted_before_the_ledger_and_after_leave_exactly_the_remaining_vote()
    {
        var (paper, yardstick) = await PaperAndYardstickAsync();
        var (t1, t2) = (Messages.Microseconds(DateTimeOffset.UtcNow.AddHours(-3)), Messages.Microseconds(DateTimeOffset.UtcNow.AddHours(-2)));
        await DeliverAsync("paper-upvoted", "PaperUpvoted", Messages.Upvoted(yardstick, "b", t2, SubmittedAt));
        await DeliverAsync("paper-upvoted", "PaperUpvoted", Messages.Upvoted(paper, "a", t1, SubmittedAt));
        await DeliverAsync("paper-upvoted", "PaperUpvoted", Messages.Upvoted(paper, "b", t2, SubmittedAt));
        // As the upgrade to the ledger left a paper voted on before it: counts and score kept, no vote rows.
        await using (var db = host.Consumers.CreateContext())
        {
            await db.Votes.Where(vote => vote.ArxivId == paper).ExecuteDeleteAsync();
            await db.Papers.Where(candidate => candidate.ArxivId == paper).ExecuteUpdateAsync(set => set
                .SetProperty(candidate => candidate.LegacyUpvotes, candidate => candidate.Upvotes)
                .SetProperty(candidate => candidate.LegacyScore, candidate => candidate.Score)
                .SetProperty(candidate => candidate.LedgerSince, DateTimeOffset.UtcNow));
        }
        var t3 = Messages.Microseconds(DateTimeOffset.UtcNow.AddSeconds(1));
        await DeliverAsync("paper-upvoted", "PaperUpvoted", Messages.Upvoted(paper, "c", t3, SubmittedAt));

        await DeliverAsync("paper-upvote-withdrawn", "PaperUpvoteWithdrawn", Messages.Withdrawn(paper, "a", t1, DateTimeOffset.UtcNow, upvotes: 2));
        await DeliverAsync("paper-upvote-withdrawn", "PaperUpvoteWithdrawn", Messages.Withdrawn(paper, "c", t3, DateTimeOffset.UtcNow, upvotes: 1));

        await AssertScoresAlikeAsync(paper, yardstick, upvotes: 1, "only b's vote remains");
    }

    /// <summary>
    /// Many votes on one paper at once, so that trending applies them in batches: every withdrawal
    /// before its upvote (each then cancels an upvote inside a batch), or every upvote first, with
    /// some upvotes delivered twice (<see cref="VoteDeliveries.DeliverVoteBurstsAsync"/>).
    /// </summary>
    [Theory]
    [InlineData("withdrawals first")]
    [InlineData("upvotes first")]
    public async Task Bursts_of_votes_in_either_order_score_as_the_remaining_votes_alone(string order)
    {
        var (paper, yardstick) = await PaperAndYardstickAsync();
        var (votes, withdrawn) = VoteDeliveries.Burst(DateTimeOffset.UtcNow.AddMinutes(-30));

        var largestBatch = await host.Consumers.DeliverVoteBurstsAsync(order == "withdrawals first", paper, votes, withdrawn, SubmittedAt);
        await host.Consumers.DeliverBurstAsync("paper-upvoted", "PaperUpvoted",
            [.. votes.Except(withdrawn).Select(vote => Messages.Upvoted(yardstick, vote.Voter, vote.VotedAt, SubmittedAt))]);

        Assert.True(largestBatch > 1, "trending applied every vote of the bursts on its own: the test did not exercise a batch");
        await AssertScoresAlikeAsync(paper, yardstick, votes.Count - withdrawn.Count, order);
    }

    /// <summary>
    /// One vote in a burst that trending cannot store (a constraint, as a bad deploy might add,
    /// refuses its voter): every other vote of the batch is applied on its own at once, the refused
    /// one ends in the _error queue after its retries, and once the cause is gone and it is moved
    /// back, it counts once.
    /// </summary>
    [Fact]
    public async Task A_bad_vote_in_a_burst_holds_up_none_of_the_others()
    {
        var (paper, _) = await PaperAndYardstickAsync();
        var refused = $"refused-{Guid.NewGuid():N}"[..20];
        var voters = Enumerable.Range(0, 11).Select(voter => $"fine-{voter}").Append(refused).OrderBy(_ => Random.Shared.Next()).ToList();
        var votes = voters.Select((voter, index) => Messages.Upvoted(paper, voter, DateTimeOffset.UtcNow.AddMinutes(-10).AddSeconds(index), SubmittedAt)).ToList();
        var constraint = $"refuses_{refused.Replace('-', '_')}";
        await AlterVotesAsync($"ADD CONSTRAINT {constraint} CHECK (voter <> '{refused}') NOT VALID");

        var ids = await host.Consumers.DeliverBurstAsync("paper-upvoted", "PaperUpvoted", votes);

        var refusedId = ids[voters.IndexOf(refused)];
        foreach (var id in ids.Where(id => id != refusedId))
        {
            Assert.True(await host.Consumers.InInboxAsync(id, nameof(PaperUpvotedConsumer)));
        }
        Assert.False(await host.Consumers.InInboxAsync(refusedId, nameof(PaperUpvotedConsumer)));
        Assert.Equal(11, await UpvotesAsync(paper));
        await AlterVotesAsync($"DROP CONSTRAINT {constraint}");
        // What an operator does with the _error queue once the cause is fixed: the same message again.
        await host.Consumers.DeliverAsync("paper-upvoted", "PaperUpvoted", votes[voters.IndexOf(refused)], refusedId);
        Assert.True(await host.Consumers.InInboxAsync(refusedId, nameof(PaperUpvotedConsumer)));
        Assert.Equal(12, await UpvotesAsync(paper));
    }

    /// <summary>
    /// A bulk import's publications arrive in bursts, applied in batches: each paper is stored once,
    /// redeliveries change nothing, and a vote that overtook its paper stays counted.
    /// </summary>
    [Fact]
    public async Task Publications_in_a_burst_land_once_each_and_keep_the_vote_that_overtook_them()
    {
        var papers = Enumerable.Range(0, 12).Select(_ => TestHelpers.UniqueArxivId()).ToList();
        await DeliverAsync("paper-upvoted", "PaperUpvoted", Messages.Upvoted(papers[0], "early-voter", DateTimeOffset.UtcNow.AddMinutes(-5), SubmittedAt));
        var published = papers.Select(paper => Messages.Published(paper, SubmittedAt)).ToList();

        var ids = await host.Consumers.DeliverBurstAsync("paper-published", "PaperPublished", [.. published, .. published.Take(3)], redelivered: 3);

        Assert.True(await host.Consumers.LargestBatchAsync(ids, nameof(PaperPublishedConsumer)) > 1,
            "trending applied every publication of the burst on its own: the test did not exercise a batch");
        await using var db = host.Consumers.CreateContext();
        Assert.Equal(papers.Count, await db.Papers.CountAsync(paper => papers.Contains(paper.ArxivId)));
        Assert.Equal(1, await UpvotesAsync(papers[0]));
    }

    private async Task<(string Paper, string Yardstick)> PaperAndYardstickAsync()
    {
        var (paper, yardstick) = (TestHelpers.UniqueArxivId(), TestHelpers.UniqueArxivId());
        await DeliverAsync("paper-published", "PaperPublished", Messages.Published(paper, SubmittedAt));
        await DeliverAsync("paper-published", "PaperPublished", Messages.Published(yardstick, SubmittedAt));
        return (paper, yardstick);
    }

    private async Task AssertScoresAlikeAsync(string paper, string yardstick, int upvotes, string what)
    {
        await using var db = host.Consumers.CreateContext();
        var scored = await db.Papers.AsNoTracking().Where(candidate => candidate.ArxivId == paper || candidate.ArxivId == yardstick)
            .ToDictionaryAsync(candidate => candidate.ArxivId);
        Assert.Equal(upvotes, scored[paper].Upvotes);
        var (score, expected) = (scored[paper].Score, scored[yardstick].Score);
        Assert.True(Math.Abs(score - expected) <= 1e-9 * Math.Abs(expected), $"{what}: score {score:R}, but the paper with only the remaining votes scores {expected:R}");
    }

    /// <summary>A change to trending's vote table, as a migration (or a bad deploy) would make it.</summary>
    private async Task AlterVotesAsync(string change)
    {
        await using var db = host.Consumers.CreateContext();
        var statement = $"ALTER TABLE {db.TableOf<TrendingVote>()} {change}";
        await db.Database.ExecuteSqlRawAsync(statement);
    }

    private async Task<int> UpvotesAsync(string paper)
    {
        await using var db = host.Consumers.CreateContext();
        return (await db.Papers.AsNoTracking().SingleAsync(candidate => candidate.ArxivId == paper)).Upvotes;
    }

    private Task<Guid> DeliverAsync(string queue, string contract, object message) => host.Consumers.DeliverAsync(queue, contract, message);
}
