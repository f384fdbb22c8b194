using MassTransit;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Trending.Announcements;
using PapersPlatform.Trending.Infrastructure;
using PapersPlatform.Trending.Model;
using PapersPlatform.Trending.Scoring;

namespace PapersPlatform.Trending.Consumers;

/// <summary>
/// Adds each vote's weight to its paper's score: a batch of votes in one transaction, each paper's
/// row touched and its score announced once per batch, whatever the catalogue's size.
/// </summary>
public sealed class PaperUpvotedConsumer(TrendingDbContext db, TrendingAnnouncer announcer) : IConsumer<Batch<PaperUpvoted>>
{
    public Task Consume(ConsumeContext<Batch<PaperUpvoted>> context) =>
        db.ConsumeBatchOnceAsync(context, nameof(PaperUpvotedConsumer), async (delivered, cancellationToken) =>
        {
            var votes = delivered.Select(message => message.Message).ToList();
            var papers = await db.LockPapersForUpdateAsync(votes.Select(vote => vote.ArxivId), cancellationToken);
            var ledger = await db.VoteRowsOfAsync<TrendingVote>(votes.Select(vote => VoteKey.Of(vote.ArxivId, vote.VotedBy, vote.VotedAt)), TrendingVote.KeyOf, cancellationToken);
            var changed = new HashSet<TrendingPaper>();
            var voted = new HashSet<TrendingPaper>();
            foreach (var message in votes)
            {
                if (!papers.TryGetValue(message.ArxivId, out var paper))
                {
                    // The vote overtook the paper's publication (they travel on different queues).
                    paper = papers[message.ArxivId] = TrendingPaper.Submitted(message.ArxivId, message.Title, message.SubmittedBy, message.SubmittedAt);
                    db.Papers.Add(paper);
                    changed.Add(paper);
                }
                var key = VoteKey.Of(message.ArxivId, message.VotedBy, message.VotedAt);
                if (ledger.ContainsKey(key))
                {
                    continue; // its withdrawal overtook it: the two cancel out
                }
                ledger[key] = db.Votes.Add(new TrendingVote { ArxivId = message.ArxivId, Voter = message.VotedBy, VotedAt = message.VotedAt }).Entity;
                paper.Upvotes++;
                paper.Score = TrendingScore.AddVote(paper.Score, message.VotedAt);
                paper.LastVotedAt = paper.LastVotedAt > message.VotedAt ? paper.LastVotedAt : message.VotedAt;
                changed.Add(paper);
                voted.Add(paper);
            }
            foreach (var paper in changed)
            {
                paper.ScoreChanged();
            }

            // The announcer compares with the other papers' stored scores, this batch's included;
            // a paper whose only vote here was cancelled by its withdrawal has nothing to announce.
            await db.SaveChangesAsync(cancellationToken);
            foreach (var paper in voted)
            {
                await announcer.AnnounceIfEnteredDayTopAsync(paper, cancellationToken);
            }
        });
}
