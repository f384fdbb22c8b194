using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Embeddings.Encoding;
using PapersPlatform.Embeddings.Infrastructure;
using PapersPlatform.Embeddings.Model;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Embeddings.Backfill;

/// <summary>
/// Stores the papers the catalogue had before this service heard of them, to be embedded like
/// published ones: it reads the catalogue's public listing (newest first, 100 a page, by its
/// keyset cursor) and stores each paper it does not have yet. One instance at a time (a
/// PostgreSQL advisory lock, released if the instance dies); the cursor and counts are saved with
/// each page's papers, so a restart goes on where it stopped, and a finished backfill is not run
/// again. Papers published meanwhile arrive by their messages as usual.
/// </summary>
public sealed partial class CatalogueBackfill(
    IServiceScopeFactory scopes, IHttpClientFactory http, EmbeddingSignal signal, EmbeddingProgress progress,
    TimeProvider clock, ILogger<CatalogueBackfill> logger) : BackgroundService
{
    public const string ClientName = "catalogue";
    private const int PageSize = 100;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>This service's own advisory lock: only the instance that holds it backfills.</summary>
    private const long LockKey = 0x656d_6265_6464_6e67; // "embeddng"

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunAsync(stoppingToken))
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogPageFailed(logger, exception); // the catalogue or the database is away: try again shortly
            }
            await Task.Delay(RetryDelay, clock, stoppingToken);
        }
    }

    /// <returns>true once the backfill is complete (by this instance or an earlier one).</returns>
    internal async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EmbeddingsDbContext>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // A session lock: held while this connection stays open.
            if (!await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({LockKey}) AS \"Value\"").SingleAsync(cancellationToken))
            {
                return false; // another instance is at it; look again later, in case it stops
            }
            if (!await db.Backfill.AnyAsync(cancellationToken))
            {
                db.Backfill.Add(new BackfillProgress { StartedAt = clock.GetUtcNow() });
                await db.SaveChangesAsync(cancellationToken);
            }
            var client = http.CreateClient(ClientName);
            while (true)
            {
                db.ChangeTracker.Clear();
                var state = await db.Backfill.SingleAsync(cancellationToken);
                (progress.BackfillRead, progress.BackfillComplete) = (state.PapersRead, state.CompletedAt is not null);
                if (state.CompletedAt is not null)
                {
                    return true;
                }
                await StorePageAsync(db, client, state, cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync(); // and with it the advisory lock
        }
    }

    private async Task StorePageAsync(EmbeddingsDbContext db, HttpClient client, BackfillProgress state, CancellationToken cancellationToken)
    {
        var query = $"/api/papers?sort=new&limit={PageSize}" + (state.Cursor is null ? "" : $"&cursor={Uri.EscapeDataString(state.Cursor)}");
        var page = await client.GetFromJsonAsync<CataloguePage>(query, cancellationToken)
            ?? throw new InvalidOperationException("The catalogue answered an empty page.");
        var added = await db.AddPapersNotStoredAsync(page.Items.Select(paper => (paper.ArxivId, paper.Title, paper.Abstract, paper.SubmittedAt)), cancellationToken);
        state.Cursor = page.NextCursor;
        state.PapersRead += page.Items.Count;
        state.PapersAdded += added;
        state.CompletedAt = page.NextCursor is null ? clock.GetUtcNow() : null;
        try
        {
            await db.SaveChangesAsync(cancellationToken); // the page's papers and the cursor together
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            return; // a paper of the page was published and stored meanwhile: the page is read again
        }
        if (state.CompletedAt is not null)
        {
            LogCompleted(logger, state.PapersRead, state.PapersAdded);
        }
        if (added > 0)
        {
            signal.Pulse();
        }
    }

    private sealed record CataloguePage(IReadOnlyList<CataloguePaper> Items, string? NextCursor);

    private sealed record CataloguePaper(string ArxivId, string Title, string Abstract, DateTimeOffset SubmittedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The backfill could not read or store a page of the catalogue; it tries again")]
    private static partial void LogPageFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backfill complete: {Read} papers read from the catalogue, {Added} of them new here")]
    private static partial void LogCompleted(ILogger logger, long read, long added);
}
