using Microsoft.EntityFrameworkCore;
using Xunit;

namespace PapersPlatform.Testing;

/// <summary>
/// The vote deliveries every vote consumer must survive (trending's and notification's alike),
/// delivered to one service's consumers (<see cref="ConsumerHost{TContext}"/>): one person changing
/// their mind in any order, and bursts of upvotes and withdrawals in either order.
/// </summary>
public static class VoteDeliveries
{
    /// <summary>Upvote at t1 ("up1"), its withdrawal ("down1"), a new upvote at t2 ("up2"): every order of the three.</summary>
    public static TheoryData<string> RevoteOrders => ["up1 down1 up2", "down1 up1 up2", "down1 up2 up1", "up2 down1 up1", "up2 up1 down1", "up1 up2 down1"];

    /// <summary>Delivers one person's revote in <paramref name="order"/> (see <see cref="RevoteOrders"/>), one message at a time.</summary>
    public static async Task DeliverRevoteAsync<TContext>(this ConsumerHost<TContext> consumers, string order, string paper, string voter,
        DateTimeOffset t1, DateTimeOffset t2, DateTimeOffset submittedAt, string submittedBy = "submitter") where TContext : DbContext
    {
        foreach (var step in order.Split(' '))
        {
            await (step switch
            {
                "up1" => consumers.DeliverAsync("paper-upvoted", "PaperUpvoted", Messages.Upvoted(paper, voter, t1, submittedAt, submittedBy)),
                "up2" => consumers.DeliverAsync("paper-upvoted", "PaperUpvoted", Messages.Upvoted(paper, voter, t2, submittedAt, submittedBy)),
                "down1" => consumers.DeliverAsync("paper-upvote-withdrawn", "PaperUpvoteWithdrawn", Messages.Withdrawn(paper, voter, t1, t1.AddSeconds(30))),
                _ => throw new ArgumentException($"unknown step {step}"),
            });
        }
    }

    /// <summary>
    /// Twenty-four people's votes from <paramref name="from"/> on (at odd 100 ns times), and the
    /// two thirds of them that are withdrawn.
    /// </summary>
    public static (List<(string Voter, DateTimeOffset VotedAt)> Votes, List<(string Voter, DateTimeOffset VotedAt)> Withdrawn) Burst(DateTimeOffset from)
    {
        var votes = Enumerable.Range(0, 24).Select(voter => (Voter: $"burst-{voter}", VotedAt: from.AddTicks(voter * 1_234_567 + 3))).ToList();
        return (votes, votes.Where((_, index) => index % 3 != 0).ToList());
    }

    /// <summary>
    /// Upvotes (the first five of them twice) and the withdrawals of <paramref name="withdrawn"/>,
    /// each kind all at once, withdrawals first or upvotes first. Upvotes carry .NET's 100 ns times
    /// and withdrawals the stored microseconds, as the catalogue sends them.
    /// </summary>
    /// <returns>The most messages of one kind the consumers applied in one transaction: above 1 when they batched.</returns>
    public static async Task<long> DeliverVoteBurstsAsync<TContext>(this ConsumerHost<TContext> consumers, bool withdrawalsFirst, string paper,
        IReadOnlyList<(string Voter, DateTimeOffset VotedAt)> votes, IReadOnlyList<(string Voter, DateTimeOffset VotedAt)> withdrawn,
        DateTimeOffset submittedAt, string submittedBy = "submitter") where TContext : DbContext
    {
        async Task<long> UpvotesAsync() => await consumers.LargestBatchAsync(await consumers.DeliverBurstAsync("paper-upvoted", "PaperUpvoted",
            [.. votes.Concat(votes.Take(5)).Select(vote => Messages.Upvoted(paper, vote.Voter, vote.VotedAt, submittedAt, submittedBy))],
            redelivered: 5), "PaperUpvotedConsumer");
        async Task<long> WithdrawalsAsync() => await consumers.LargestBatchAsync(await consumers.DeliverBurstAsync("paper-upvote-withdrawn", "PaperUpvoteWithdrawn",
            [.. withdrawn.Select(vote => Messages.Withdrawn(paper, vote.Voter, Messages.Microseconds(vote.VotedAt), DateTimeOffset.UtcNow))]), "PaperUpvoteWithdrawnConsumer");
        return withdrawalsFirst ? Math.Max(await WithdrawalsAsync(), await UpvotesAsync()) : Math.Max(await UpvotesAsync(), await WithdrawalsAsync());
    }
}
