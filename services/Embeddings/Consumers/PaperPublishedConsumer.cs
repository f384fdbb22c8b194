using MassTransit;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Contracts;
using PapersPlatform.Embeddings.Encoding;
using PapersPlatform.Embeddings.Infrastructure;
using PapersPlatform.Embeddings.Model;
using PapersPlatform.Messaging;
using PapersPlatform.Messaging.Inbox;

namespace PapersPlatform.Embeddings.Consumers;

/// <summary>
/// Stores each new paper's text to be embedded, a batch in one transaction, and wakes the worker:
/// the model runs after the commit, in the background, so a bulk import's papers are taken as
/// fast as they come. A paper already stored (a redelivery, a second publication) is left alone.
/// </summary>
[BatchUntilQuiet(5)]
public sealed class PaperPublishedConsumer(EmbeddingsDbContext db, EmbeddingSignal signal) : IConsumer<Batch<PaperPublished>>
{
    public async Task Consume(ConsumeContext<Batch<PaperPublished>> context)
    {
        await db.ConsumeBatchOnceAsync(context, nameof(PaperPublishedConsumer), async (delivered, cancellationToken) =>
        {
            var papers = delivered.Select(delivery => delivery.Message).DistinctBy(paper => paper.ArxivId).ToList();
            var ids = papers.Select(paper => paper.ArxivId).ToList();
            var stored = await db.Papers.Where(paper => ids.Contains(paper.ArxivId)).Select(paper => paper.ArxivId).ToListAsync(cancellationToken);
            db.Papers.AddRange(papers.Where(paper => !stored.Contains(paper.ArxivId)).Select(paper => new PaperEmbedding
            {
                ArxivId = paper.ArxivId,
                Title = paper.Title,
                Text = EmbeddedText.Of(paper.Title, paper.Abstract),
                SubmittedAt = paper.SubmittedAt,
            }));
        });
        signal.Pulse();
    }
}
