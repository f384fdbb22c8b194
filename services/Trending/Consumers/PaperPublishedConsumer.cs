using MassTransit;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Trending.Infrastructure;
using PapersPlatform.Trending.Model;

namespace PapersPlatform.Trending.Consumers;

/// <summary>Enters a new paper with the score of its submission.</summary>
public sealed class PaperPublishedConsumer(TrendingDbContext db) : IConsumer<PaperPublished>
{
    public Task Consume(ConsumeContext<PaperPublished> context) =>
        db.ConsumeOnceAsync(context, nameof(PaperPublishedConsumer), async cancellationToken =>
        {
            var message = context.Message;
            await db.LockPaperAsync(message.ArxivId, cancellationToken);
            // An upvote may have overtaken the publication (they travel on different queues).
            if (await db.FindForUpdateAsync(message.ArxivId, cancellationToken) is null)
            {
                var paper = TrendingPaper.Submitted(message.ArxivId, message.Title, message.SubmittedBy, message.SubmittedAt);
                db.Papers.Add(paper);
                paper.ScoreChanged();
            }
        });
}
