using MassTransit;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Trending.Infrastructure;
using PapersPlatform.Trending.Scoring;

namespace PapersPlatform.Trending.Consumers;

/// <summary>Takes a withdrawn vote's weight back out of the score.</summary>
public sealed class PaperUpvoteWithdrawnConsumer(TrendingDbContext db, TimeProvider clock) : IConsumer<PaperUpvoteWithdrawn>
{
    public Task Consume(ConsumeContext<PaperUpvoteWithdrawn> context) =>
        db.ConsumeOnceAsync(context, nameof(PaperUpvoteWithdrawnConsumer), async cancellationToken =>
        {
            var message = context.Message;
            // Not known yet: the upvote it withdraws has not arrived either; throwing lets
            // MassTransit retry until it has.
            var paper = await db.FindForUpdateAsync(message.ArxivId, cancellationToken)
                ?? throw new InvalidOperationException($"Paper {message.ArxivId} is not known to trending yet.");
            paper.Upvotes--;
            paper.Score = TrendingScore.RemoveVote(paper.Score, message.VotedAt);
            db.AnnounceScore(paper, clock);
        });
}
