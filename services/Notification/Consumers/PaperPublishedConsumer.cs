using MassTransit;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging;
using PapersPlatform.Messaging.Copies;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.Notification.Model;
using PapersPlatform.Notification.Notifications;

namespace PapersPlatform.Notification.Consumers;

/// <summary>
/// New papers: alerts every subscriber whose keyword is a word or phrase of a paper's title or
/// abstract, and keeps what a digest needs to list it. A batch (a bulk import's, mostly) is one
/// transaction with one statement for all its keyword alerts.
/// </summary>
[BatchUntilQuiet(5)] // an alert is live news; an import's papers fill the batch back to back
public sealed class PaperPublishedConsumer(NotificationDbContext db, TimeProvider clock) : IConsumer<Batch<PaperPublished>>
{
    public Task Consume(ConsumeContext<Batch<PaperPublished>> context) =>
        db.ConsumeBatchOnceAsync(context, nameof(PaperPublishedConsumer), (delivered, cancellationToken) =>
            StoreAsync(db, [.. delivered.Select(delivery => (delivery.Message, delivery.MessageId!.Value))], clock, cancellationToken));

    /// <summary>The batch's effect, inside the inbox's transaction (and, once at start-up, <see cref="PaperPublishedWarmup"/>'s).</summary>
    internal static async Task StoreAsync(
        NotificationDbContext db, IReadOnlyList<(PaperPublished Paper, Guid MessageId)> delivered, TimeProvider clock, CancellationToken cancellationToken)
    {
        var ids = delivered.Select(delivery => delivery.Paper.ArxivId).Distinct(StringComparer.Ordinal).ToArray();
        await db.LockKeysAsync(NotificationDbContextExtensions.PaperLockScope, ids, cancellationToken);
        // The arXiv id is the business key: a paper announced twice (under two message ids) is
        // kept, and alerted, once.
        var stored = (await db.Papers.Where(paper => ids.Contains(paper.ArxivId)).Select(paper => paper.ArxivId)
            .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var papers = delivered.Where(delivery => stored.Add(delivery.Paper.ArxivId)).ToList();
        if (papers.Count == 0)
        {
            return;
        }
        ids = [.. papers.Select(paper => paper.Paper.ArxivId)];
        // Their scores may have overtaken them (trending saw the papers first).
        var early = await db.TakeEarlyTrendingScoresAsync(ids, cancellationToken);
        foreach (var (paper, _) in papers)
        {
            var score = early.GetValueOrDefault(paper.ArxivId);
            db.Papers.Add(new DigestPaper
            {
                ArxivId = paper.ArxivId,
                Title = paper.Title,
                Authors = [.. paper.Authors],
                SubmittedAt = paper.SubmittedAt,
                Score = score?.Score,
                ScoreVersion = score?.Version ?? 0,
            });
        }
        await db.AddKeywordNotificationsAsync(papers, clock.GetUtcNow(), cancellationToken);
    }
}

/// <summary>The consumer's path once at start-up, on a paper that is rolled back: the first real submission does not pay for its JIT and query compilation.</summary>
internal sealed class PaperPublishedWarmup(NotificationDbContext db, TimeProvider clock) : IStartupWarmup
{
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        await PaperPublishedConsumer.StoreAsync(db, [(StartupWarmupPing.SamplePaper(clock), Guid.CreateVersion7())], clock, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }
}
