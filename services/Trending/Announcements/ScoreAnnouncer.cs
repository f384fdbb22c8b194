using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using PapersPlatform.Contracts;
using PapersPlatform.Messaging.Outbox;
using PapersPlatform.ServiceDefaults;
using PapersPlatform.Trending.Infrastructure;
using PapersPlatform.Trending.Model;

namespace PapersPlatform.Trending.Announcements;

/// <summary>
/// Announces changed scores (<see cref="TrendingScoreChanged"/>) to the catalogue's and the
/// notification service's copies every <see cref="AnnouncementOptions.ScoreInterval"/>: one
/// message per paper per interval, however many votes changed it meanwhile, where announcing in
/// the vote's own transaction sent one per vote. The outbox row and the mark that the version is
/// announced commit together, so no version is lost, and the copies keep the newest version
/// whatever order they get them in. Rows are claimed with SKIP LOCKED: instances share the work
/// and never wait for a consumer holding a paper.
/// </summary>
internal sealed partial class ScoreAnnouncer(IServiceScopeFactory scopes, TimeProvider clock, IOptions<AnnouncementOptions> options, ILogger<ScoreAnnouncer> logger) : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await AnnounceBatchAsync(stoppingToken) == BatchSize)
                {
                    continue; // more are waiting
                }
                await Task.Delay(options.Value.ScoreInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Database away: the scores stay unannounced and are tried again.
                LogAnnounceFailed(logger, exception);
                await Task.Delay(TimeSpan.FromSeconds(2), clock, stoppingToken);
            }
        }
    }

    private async Task<int> AnnounceBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrendingDbContext>();
        List<Model.TrendingPaper> changed;
        // Looking every few hundred milliseconds must not flood the dashboard with traces.
        using (SuppressInstrumentationScope.Begin())
        {
            await db.Database.BeginTransactionAsync(cancellationToken);
            changed = await db.Papers
                .FromSql(ModelSql.Statement($"SELECT * FROM {db.TableOf<TrendingPaper>()} WHERE announced_version < version ORDER BY arxiv_id LIMIT {BatchSize} FOR UPDATE SKIP LOCKED"))
                .ToListAsync(cancellationToken);
        }
        if (changed.Count == 0)
        {
            await db.Database.RollbackTransactionAsync(cancellationToken);
            return 0;
        }

        using var activity = PlatformTelemetry.ActivitySource.StartActivity("announce trending scores", ActivityKind.Internal);
        activity?.SetTag("papers.count", changed.Count);
        var now = clock.GetUtcNow();
        foreach (var paper in changed)
        {
            db.AddOutboxMessage(new TrendingScoreChanged(paper.ArxivId, paper.Score, paper.Version, now), clock);
            paper.AnnouncedVersion = paper.Version;
        }
        await db.SaveChangesAsync(cancellationToken);
        await db.Database.CommitTransactionAsync(cancellationToken);
        return changed.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Announcing trending scores failed; retrying")]
    private static partial void LogAnnounceFailed(ILogger logger, Exception exception);
}
