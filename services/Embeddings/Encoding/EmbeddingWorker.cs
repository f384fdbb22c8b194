using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PapersPlatform.Embeddings.Infrastructure;
using PapersPlatform.Embeddings.Model;
using PapersPlatform.Embeddings.Similarity;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Embeddings.Encoding;

/// <summary>
/// Gives stored papers their vectors in the background, a batch at a time, newest first. Each
/// batch is claimed with FOR UPDATE SKIP LOCKED, so several instances share the work without
/// doing any paper twice, and a crash mid-batch leaves its papers to the next claim. A paper the
/// model cannot embed is marked failed on its own and holds up no other.
/// </summary>
public sealed partial class EmbeddingWorker(
    IServiceScopeFactory scopes, TextEncoder encoder, PaperIndex index, EmbeddingSignal signal, EmbeddingProgress progress,
    IOptions<EmbeddingOptions> options, TimeProvider clock, ILogger<EmbeddingWorker> logger) : BackgroundService
{
    /// <summary>How often the papers still waiting are counted while the worker is busy (a count reads them all).</summary>
    private static readonly TimeSpan CountInterval = TimeSpan.FromSeconds(5);

    private DateTimeOffset _counted = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WorkerEnabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var embedded = 0;
            try
            {
                embedded = await EmbedNextBatchAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogBatchFailed(logger, exception); // the database is away: the papers wait, the next poll tries again
            }
            if (embedded == 0)
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
        }
    }

    /// <summary>Embeds the newest waiting papers no other instance holds; returns how many it took.</summary>
    internal async Task<int> EmbedNextBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EmbeddingsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var batch = await db.Papers.FromSql(ModelSql.Statement($"""
                SELECT * FROM {db.TableOf<PaperEmbedding>()}
                WHERE embedded_at IS NULL AND failed_at IS NULL
                ORDER BY submitted_at DESC
                LIMIT {options.Value.BatchSize}
                FOR UPDATE SKIP LOCKED
                """))
            .ToListAsync(cancellationToken);
        if (batch.Count == 0)
        {
            // Cheap here: what waits is at most what other instances are embedding right now.
            progress.Waiting = await CountWaitingAsync(db, cancellationToken);
            return 0;
        }

        var started = Stopwatch.GetTimestamp();
        var vectors = await EncodeEachAsync(batch, cancellationToken);
        progress.ModelTime.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds / batch.Count);
        var now = clock.GetUtcNow();
        for (var i = 0; i < batch.Count; i++)
        {
            if (vectors[i] is { } vector)
            {
                batch[i].Vector = vector;
                batch[i].EmbeddedAt = now;
            }
            else
            {
                batch[i].FailedAt = now;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        foreach (var paper in batch.Where(paper => paper.Vector is not null))
        {
            index.Add(paper.ArxivId, paper.Title, paper.Vector!); // at once here; other instances at their next refresh
        }
        var failed = batch.Count(paper => paper.Vector is null);
        progress.Embedded.Add(batch.Count - failed);
        progress.Failed.Add(failed);
        if (now - _counted >= CountInterval)
        {
            // Every few seconds, not after every batch: behind a bulk import, a count after each batch
            // of 16 would read the whole backlog thousands of times.
            progress.Waiting = await CountWaitingAsync(db, cancellationToken);
            _counted = now;
        }
        else
        {
            progress.Waiting = Math.Max(0, progress.Waiting - batch.Count);
        }
        return batch.Count;
    }

    /// <summary>The batch in one model call; if that fails, each paper on its own (null for one that fails alone).</summary>
    private async Task<float[]?[]> EncodeEachAsync(List<PaperEmbedding> batch, CancellationToken cancellationToken)
    {
        try
        {
            return await encoder.EncodeAsync([.. batch.Select(paper => paper.Text)], cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogBatchFailed(logger, exception);
        }
        var vectors = new float[]?[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                vectors[i] = (await encoder.EncodeAsync([batch[i].Text], cancellationToken))[0];
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogPaperFailed(logger, batch[i].ArxivId, exception);
            }
        }
        return vectors;
    }

    private static Task<long> CountWaitingAsync(EmbeddingsDbContext db, CancellationToken cancellationToken) =>
        db.Papers.LongCountAsync(paper => paper.EmbeddedAt == null && paper.FailedAt == null, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of papers could not be embedded; they are tried again")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Paper {ArxivId} could not be embedded; it is left out of related papers")]
    private static partial void LogPaperFailed(ILogger logger, string arxivId, Exception exception);
}
