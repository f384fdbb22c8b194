using Microsoft.EntityFrameworkCore;
using PapersPlatform.Ingestion.Infrastructure;
using PapersPlatform.Ingestion.Model;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Messaging.Outbox;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Ingestion.Papers;

/// <summary>
/// The one way papers are stored, for a single submission and an import alike: in one
/// transaction, the papers not stored yet go in with one <c>PaperPublished</c> each in the outbox,
/// and the ones stored already are named back. A paper inserted meanwhile by someone else (a unique
/// violation) or a deadlock with another batch rolls the attempt back, and the next attempt sees why.
/// </summary>
public sealed class SubmissionStore(IngestionDbContext db, TimeProvider clock)
{
    private const int MaxAttempts = 3;

    /// <summary>Stores the papers not stored yet; with a quota, only while its user is under it.</summary>
    /// <param name="papers">Distinct papers (one per arXiv id).</param>
    /// <param name="quota">The submitter's daily limit; null for importers, who have none.</param>
    public async Task<SubmissionOutcome> StoreAsync(IReadOnlyCollection<Submission> papers, DailyQuota? quota, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                var outcome = await StoreInTransactionAsync(papers, quota, cancellationToken);
                if (outcome is SubmissionOutcome.Stored)
                {
                    await transaction.CommitAsync(cancellationToken);
                }
                return outcome;
            }
            catch (Exception exception) when (attempt < MaxAttempts && exception.IsLostRace())
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// <see cref="StoreAsync"/>'s work inside the transaction the caller has begun and ends: the
    /// start-up warm-up runs it in one it rolls back.
    /// </summary>
    internal async Task<SubmissionOutcome> StoreInTransactionAsync(IReadOnlyCollection<Submission> papers, DailyQuota? quota, CancellationToken cancellationToken)
    {
        // The quota's lock and the COPY of a batch only hold inside a transaction.
        _ = db.Database.CurrentTransaction ?? throw new InvalidOperationException("StoreInTransactionAsync needs a transaction the caller began.");
        if (quota is not null && await UsedUpAsync(quota, cancellationToken) is { } reached)
        {
            return reached;
        }
        var ids = papers.Select(paper => paper.ArxivId).ToList();
        var known = (await db.Submissions.Where(submission => ids.Contains(submission.ArxivId)).Select(submission => submission.ArxivId)
            .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        // In id order, so that two batches sharing papers wait for each other instead of each
        // holding a key the other needs.
        var fresh = papers.Where(paper => !known.Contains(paper.ArxivId)).OrderBy(paper => paper.ArxivId, StringComparer.Ordinal).ToList();
        await InsertAsync(fresh, cancellationToken);
        return new SubmissionOutcome.Stored(fresh, known);
    }

    /// <summary>
    /// A few rows as one batched INSERT through EF (one round trip: a single submission's latency),
    /// many with a binary COPY per table instead of an INSERT per row (an import's throughput).
    /// </summary>
    private async Task InsertAsync(List<Submission> fresh, CancellationToken cancellationToken)
    {
        if (fresh.Count <= 1)
        {
            db.Submissions.AddRange(fresh);
            foreach (var paper in fresh)
            {
                db.AddOutboxMessage(paper.ToPublished(), clock);
            }
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        await db.CopySubmissionsAsync(fresh, cancellationToken);
        await db.CopyOutboxMessagesAsync(fresh.Select(paper => paper.ToPublished()), clock, cancellationToken);
    }

    /// <summary>
    /// The quota reached, or null. Serialises one user's submissions first, so two racing requests
    /// cannot both be the 50th.
    /// </summary>
    private async Task<SubmissionOutcome.QuotaReached?> UsedUpAsync(DailyQuota quota, CancellationToken cancellationToken)
    {
        await db.LockKeyAsync("daily-submissions", quota.UserName, cancellationToken);
        var now = clock.GetUtcNow();
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var submittedToday = await db.Submissions.CountAsync(
            candidate => candidate.SubmittedBy == quota.UserName && candidate.SubmittedAt >= today, cancellationToken);
        return submittedToday >= quota.PerDay ? new SubmissionOutcome.QuotaReached(submittedToday, quota.PerDay, today.AddDays(1)) : null;
    }
}

/// <summary>How many papers a user may submit per UTC day.</summary>
public sealed record DailyQuota(string UserName, int PerDay);

public abstract record SubmissionOutcome
{
    /// <summary>The papers now stored, and the ids of those that were stored before.</summary>
    public sealed record Stored(IReadOnlyList<Submission> Added, IReadOnlySet<string> AlreadyStored) : SubmissionOutcome;

    /// <summary>Nothing stored: the user's daily quota is used up until <paramref name="ResetsAt"/>.</summary>
    public sealed record QuotaReached(int SubmittedToday, int PerDay, DateTimeOffset ResetsAt) : SubmissionOutcome;
}
