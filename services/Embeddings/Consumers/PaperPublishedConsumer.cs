using MassTransit;
using PapersPlatform.Contracts;
using PapersPlatform.Embeddings.Encoding;
using PapersPlatform.Embeddings.Infrastructure;
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
        await db.ConsumeBatchOnceAsync(context, nameof(PaperPublishedConsumer), (delivered, cancellationToken) =>
            db.AddPapersNotStoredAsync(delivered.Select(delivery => delivery.Message)
                .Select(paper => (paper.ArxivId, paper.Title, paper.Abstract, paper.SubmittedAt)), cancellationToken));
        signal.Pulse();
    }
}
