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
        db.ConsumeBatchOnceAsync(context, nameof(PaperPublishedConsumer),
            (delivered, cancellationToken) => StoreAsync(db, [.. delivered.Select(delivery => delivery.Message)], cancellationToken));

    /// <summary>The batch's effect, inside the inbox's transaction (and, once at start-up, <see cref="PaperPublishedWarmup"/>'s).</summary>
    internal static async Task StoreAsync(TrendingDbContext db, IReadOnlyList<PaperPublished> messages, CancellationToken cancellationToken)
    {
        // An upvote may have overtaken a publication (they travel on different queues): that paper has its row already.
        var papers = await db.LockPapersForUpdateAsync(messages.Select(message => message.ArxivId), cancellationToken);
        foreach (var message in messages.Where(message => !papers.ContainsKey(message.ArxivId)))
        {
            var paper = papers[message.ArxivId] = TrendingPaper.Submitted(message.ArxivId, message.Title, message.SubmittedBy, message.SubmittedAt);
            db.Papers.Add(paper);
            paper.ScoreChanged();
        }
    }
}

/// <summary>The consumer's path once at start-up, on a paper that is rolled back: the first real submission does not pay for its JIT and query compilation.</summary>
internal sealed class PaperPublishedWarmup(TrendingDbContext db, TimeProvider clock) : IStartupWarmup
{
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        await PaperPublishedConsumer.StoreAsync(db, [StartupWarmupPing.SamplePaper(clock)], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }
}
