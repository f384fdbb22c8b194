using MassTransit;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Trending.Announcements;
using PapersPlatform.Trending.Infrastructure;
using PapersPlatform.Trending.Model;
using PapersPlatform.Trending.Scoring;

namespace PapersPlatform.Trending.Consumers;

/// <summary>Adds one vote's weight to the paper's score: one row touched, whatever the catalogue's size.</summary>
public sealed class PaperUpvotedConsumer(TrendingDbContext db, TimeProvider clock, TrendingAnnouncer announcer) : IConsumer<PaperUpvoted>
{
    public Task Consume(ConsumeContext<PaperUpvoted> context) =>
        db.ConsumeOnceAsync(context, nameof(PaperUpvotedConsumer), async cancellationToken =>
        {
            var message = context.Message;
            await db.LockPaperAsync(message.ArxivId, cancellationToken);
            var paper = await db.FindForUpdateAsync(message.ArxivId, cancellationToken);
            if (paper is null)
            {
                // The vote overtook the paper's publication (they travel on different queues).
                paper = TrendingPaper.Submitted(message.ArxivId, message.Title, message.SubmittedBy, message.SubmittedAt);
                db.Papers.Add(paper);
                db.AnnounceScore(paper, clock);
            }
            if (await db.Votes.AnyAsync(vote => vote.ArxivId == message.ArxivId && vote.Voter == message.VotedBy && vote.VotedAt == message.VotedAt, cancellationToken))
            {
                return; // its withdrawal overtook it: the two cancel out
            }
            db.Votes.Add(new TrendingVote { ArxivId = message.ArxivId, Voter = message.VotedBy, VotedAt = message.VotedAt });
            paper.Upvotes++;
            paper.Score = TrendingScore.AddVote(paper.Score, message.VotedAt);
            paper.LastVotedAt = paper.LastVotedAt > message.VotedAt ? paper.LastVotedAt : message.VotedAt;
            db.AnnounceScore(paper, clock);
            await announcer.AnnounceIfEnteredDayTopAsync(paper, cancellationToken);
        });
}
