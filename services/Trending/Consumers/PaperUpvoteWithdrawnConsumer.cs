using MassTransit;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Trending.Infrastructure;
using PapersPlatform.Trending.Model;
using PapersPlatform.Trending.Scoring;

namespace PapersPlatform.Trending.Consumers;

/// <summary>
/// Takes a withdrawn vote out of the score, which is recomputed from the votes that remain. A
/// withdrawal that overtook its upvote (they travel on different queues) is recorded on its own
/// and cancels the upvote when that arrives: the score ends the same in any order.
/// </summary>
public sealed class PaperUpvoteWithdrawnConsumer(TrendingDbContext db, TimeProvider clock) : IConsumer<PaperUpvoteWithdrawn>
{
    public Task Consume(ConsumeContext<PaperUpvoteWithdrawn> context) =>
        db.ConsumeOnceAsync(context, nameof(PaperUpvoteWithdrawnConsumer), async cancellationToken =>
        {
            var message = context.Message;
            await db.LockPaperAsync(message.ArxivId, cancellationToken);
            var vote = await db.Votes.FindAsync([message.ArxivId, message.VotedBy, message.VotedAt], cancellationToken);
            if (vote is null)
            {
                if (await db.FindForUpdateAsync(message.ArxivId, cancellationToken) is { LedgerSince: { } since, LegacyUpvotes: > 0 } legacy && message.VotedAt < since)
                {
                    // Counted before trending kept a ledger: it comes out of what those votes made.
                    legacy.LegacyUpvotes--;
                    legacy.LegacyScore = TrendingScore.RemoveVote(legacy.LegacyScore!.Value, message.VotedAt);
                    await RecomputeAsync(legacy, message, cancellationToken);
                    return;
                }
                db.Votes.Add(new TrendingVote { ArxivId = message.ArxivId, Voter = message.VotedBy, VotedAt = message.VotedAt, WithdrawnAt = message.WithdrawnAt });
                return;
            }
            if (vote.WithdrawnAt is not null)
            {
                return;
            }
            vote.WithdrawnAt = message.WithdrawnAt;

            // A counted vote means the paper's row exists: its upvote created it if need be.
            var paper = await db.FindForUpdateAsync(message.ArxivId, cancellationToken)
                ?? throw new InvalidOperationException($"Trending counted a vote on {message.ArxivId} but has no row for the paper.");
            await RecomputeAsync(paper, message, cancellationToken);
        });

    /// <summary>The paper's count and score from what remains: its legacy votes (if any) and its current votes but this one.</summary>
    private async Task RecomputeAsync(TrendingPaper paper, PaperUpvoteWithdrawn message, CancellationToken cancellationToken)
    {
        var remaining = await db.Votes
            .Where(other => other.ArxivId == message.ArxivId && other.WithdrawnAt == null && !(other.Voter == message.VotedBy && other.VotedAt == message.VotedAt))
            .Select(other => other.VotedAt)
            .ToListAsync(cancellationToken);
        paper.Upvotes = paper.LegacyUpvotes + remaining.Count;
        paper.Score = TrendingScore.Of(paper.LegacyScore ?? TrendingScore.ForSubmission(paper.SubmittedAt), remaining);
        paper.LastVotedAt = remaining.Count > 0 ? remaining.Max() : paper.LegacyUpvotes > 0 ? paper.LastVotedAt : null;
        db.AnnounceScore(paper, clock);
    }
}
