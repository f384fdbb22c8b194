using MassTransit;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Trending.Infrastructure;
using PapersPlatform.Trending.Model;
using PapersPlatform.Trending.Scoring;

namespace PapersPlatform.Trending.Consumers;

/// <summary>
/// Takes withdrawn votes out of their papers' scores, which are recomputed from the votes that
/// remain (once per paper per batch). A withdrawal that overtook its upvote (they travel on
/// different queues) is recorded on its own and cancels the upvote when that arrives: the score
/// ends the same in any order.
/// </summary>
public sealed class PaperUpvoteWithdrawnConsumer(TrendingDbContext db) : IConsumer<Batch<PaperUpvoteWithdrawn>>
{
    public Task Consume(ConsumeContext<Batch<PaperUpvoteWithdrawn>> context) =>
        db.ConsumeBatchOnceAsync(context, nameof(PaperUpvoteWithdrawnConsumer), async (delivered, cancellationToken) =>
        {
            var withdrawals = delivered.Select(message => message.Message).ToList();
            var papers = await db.LockPapersForUpdateAsync(withdrawals.Select(withdrawal => withdrawal.ArxivId), cancellationToken);
            var ledger = await db.VoteRowsOfAsync<TrendingVote>(withdrawals.Select(withdrawal => VoteKey.Of(withdrawal.ArxivId, withdrawal.VotedBy, withdrawal.VotedAt)), TrendingVote.KeyOf, cancellationToken);
            var recompute = new HashSet<TrendingPaper>();
            foreach (var message in withdrawals)
            {
                var key = VoteKey.Of(message.ArxivId, message.VotedBy, message.VotedAt);
                if (!ledger.TryGetValue(key, out var vote))
                {
                    if (papers.GetValueOrDefault(message.ArxivId) is { LedgerSince: { } since, LegacyUpvotes: > 0 } legacy && message.VotedAt < since)
                    {
                        // Counted before trending kept a ledger: it comes out of what those votes made.
                        legacy.LegacyUpvotes--;
                        legacy.LegacyScore = TrendingScore.RemoveVote(legacy.LegacyScore!.Value, message.VotedAt);
                        recompute.Add(legacy);
                        continue;
                    }
                    ledger[key] = db.Votes.Add(new TrendingVote { ArxivId = message.ArxivId, Voter = message.VotedBy, VotedAt = message.VotedAt, WithdrawnAt = message.WithdrawnAt }).Entity;
                    continue;
                }
                if (vote.WithdrawnAt is not null)
                {
                    continue;
                }
                vote.WithdrawnAt = message.WithdrawnAt;
                // A counted vote means the paper's row exists: its upvote created it if need be. Not
                // an early message but a broken invariant, which no retry mends: straight to _error.
                recompute.Add(papers.GetValueOrDefault(message.ArxivId)
                    ?? throw new PoisonMessageException($"Trending counted a vote on {message.ArxivId} but has no row for the paper."));
            }
            if (recompute.Count == 0)
            {
                return;
            }

            // Each paper's count and score from what remains: its legacy votes (if any) and the votes not withdrawn.
            await db.SaveChangesAsync(cancellationToken);
            var ids = recompute.Select(paper => paper.ArxivId).ToList();
            var remaining = (await db.Votes
                    .Where(other => ids.Contains(other.ArxivId) && other.WithdrawnAt == null)
                    .Select(other => new { other.ArxivId, other.VotedAt })
                    .ToListAsync(cancellationToken))
                .ToLookup(other => other.ArxivId, other => other.VotedAt);
            foreach (var paper in recompute)
            {
                var votes = remaining[paper.ArxivId].ToList();
                paper.Upvotes = paper.LegacyUpvotes + votes.Count;
                paper.Score = TrendingScore.Of(paper.LegacyScore ?? TrendingScore.ForSubmission(paper.SubmittedAt), votes);
                paper.LastVotedAt = votes.Count > 0 ? votes.Max() : paper.LegacyUpvotes > 0 ? paper.LastVotedAt : null;
                paper.ScoreChanged();
            }
        });
}
