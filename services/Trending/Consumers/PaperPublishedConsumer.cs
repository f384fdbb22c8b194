using MassTransit;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Trending.Infrastructure;
using PapersPlatform.Trending.Model;

namespace PapersPlatform.Trending.Consumers;

/// <summary>Enters new papers with the score of their submission: a batch (a bulk import's, mostly) in one transaction.</summary>
[BatchUntilQuiet(5)] // a submitted paper shows within milliseconds; an import's fill the batch back to back
public sealed class PaperPublishedConsumer(TrendingDbContext db) : IConsumer<Batch<PaperPublished>>
{
    public Task Consume(ConsumeContext<Batch<PaperPublished>> context) =>
        db.ConsumeBatchOnceAsync(context, nameof(PaperPublishedConsumer), async (delivered, cancellationToken) =>
        {
            var messages = delivered.Select(delivery => delivery.Message).ToList();
            // An upvote may have overtaken a publication (they travel on different queues): that paper has its row already.
            var papers = await db.LockPapersForUpdateAsync(messages.Select(message => message.ArxivId), cancellationToken);
            foreach (var message in messages.Where(message => !papers.ContainsKey(message.ArxivId)))
            {
                var paper = papers[message.ArxivId] = TrendingPaper.Submitted(message.ArxivId, message.Title, message.SubmittedBy, message.SubmittedAt);
                db.Papers.Add(paper);
                paper.ScoreChanged();
            }
        });
}
