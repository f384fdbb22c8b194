using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PapersPlatform.Embeddings.Encoding;
using PapersPlatform.Embeddings.Infrastructure;

namespace PapersPlatform.Embeddings.Similarity;

/// <summary>
/// Fills the index from the database at start-up, then takes in what any instance has embedded
/// since, every <see cref="EmbeddingOptions.IndexRefreshInterval"/>. It looks back a little
/// further than its last read: a batch that committed late with an earlier time is not missed.
/// </summary>
public sealed partial class PaperIndexRefresher(
    IServiceScopeFactory scopes, PaperIndex index, IOptions<EmbeddingOptions> options, TimeProvider clock, ILogger<PaperIndexRefresher> logger) : BackgroundService
{
    private const int Page = 5_000;
    private static readonly TimeSpan LookBack = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateTimeOffset? since = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                since = since is null ? await LoadAllAsync(stoppingToken) : await LoadEmbeddedSinceAsync(since.Value, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogRefreshFailed(logger, exception);
            }
            await Task.Delay(options.Value.IndexRefreshInterval, stoppingToken);
        }
    }

    private async Task<DateTimeOffset> LoadAllAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EmbeddingsDbContext>();
        var started = clock.GetUtcNow(); // the worker's clock, which stamps embedded_at
        var after = "";
        while (true)
        {
            var page = await db.Papers.AsNoTracking()
                .Where(paper => paper.EmbeddedAt != null && string.Compare(paper.ArxivId, after) > 0)
                .OrderBy(paper => paper.ArxivId)
                .Take(Page)
                .Select(paper => new { paper.ArxivId, paper.Title, paper.Vector })
                .ToListAsync(cancellationToken);
            foreach (var paper in page)
            {
                index.Add(paper.ArxivId, paper.Title, paper.Vector!);
            }
            if (page.Count < Page)
            {
                break;
            }
            after = page[^1].ArxivId;
        }
        index.MarkLoaded();
        LogLoaded(logger, index.Count);
        return started;
    }

    private async Task<DateTimeOffset> LoadEmbeddedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EmbeddingsDbContext>();
        var started = clock.GetUtcNow(); // the worker's clock, which stamps embedded_at
        var from = since - LookBack;
        var recent = await db.Papers.AsNoTracking()
            .Where(paper => paper.EmbeddedAt >= from)
            .Select(paper => paper.ArxivId)
            .ToListAsync(cancellationToken);
        // Only the vectors this instance lacks (most were added here by its own worker), a page at a
        // time: a million vectors from a bulk load are not held in memory twice.
        foreach (var missing in recent.Where(arxivId => !index.Contains(arxivId)).Chunk(Page))
        {
            var papers = await db.Papers.AsNoTracking()
                .Where(paper => missing.Contains(paper.ArxivId))
                .Select(paper => new { paper.ArxivId, paper.Title, paper.Vector })
                .ToListAsync(cancellationToken);
            foreach (var paper in papers)
            {
                index.Add(paper.ArxivId, paper.Title, paper.Vector!);
            }
        }
        return started;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The similarity index holds {Papers} papers")]
    private static partial void LogLoaded(ILogger logger, int papers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The similarity index could not take in new vectors; it tries again")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
