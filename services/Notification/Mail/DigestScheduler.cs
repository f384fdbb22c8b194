using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.Notification.Model;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Notification.Mail;

/// <summary>
/// Queues each frequency's digest once per period, when the period has ended: the period's top
/// trending papers, to every subscriber of that frequency. A period without papers sends nothing.
/// Only the latest ended period is made, so a service that was down for days sends one digest,
/// not a backlog of old ones.
/// </summary>
public sealed partial class DigestScheduler(NotificationDbContext db, IOptions<MailOptions> options, TimeProvider clock, ILogger<DigestScheduler> logger)
{
    public async Task ScheduleDueAsync(CancellationToken cancellationToken)
    {
        await ScheduleAsync(DigestFrequencies.Daily, options.Value.DailyPeriod, cancellationToken);
        await ScheduleAsync(DigestFrequencies.Weekly, options.Value.WeeklyPeriod, cancellationToken);
    }

    private async Task ScheduleAsync(string frequency, TimeSpan length, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (start, end) = DigestPeriods.LastClosed(now, length);
        // Asked every round by every instance: not traced, or it would bury the traces of real work.
        using (SuppressInstrumentationScope.Begin())
        {
            if (await db.DigestRuns.AnyAsync(run => run.Frequency == frequency && run.PeriodStart == start, cancellationToken))
            {
                return;
            }
        }
        using var activity = PlatformTelemetry.ActivitySource.StartActivity($"digest {frequency}");
        var papers = await db.Papers.AsNoTracking()
            .Where(paper => paper.SubmittedAt >= start && paper.SubmittedAt < end)
            .OrderByDescending(paper => paper.Score.HasValue).ThenByDescending(paper => paper.Score).ThenBy(paper => paper.ArxivId)
            .Take(options.Value.DigestPapers)
            .Select(paper => new DigestEntry(paper.ArxivId, paper.Title, paper.Authors))
            .ToListAsync(cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var runId = Guid.CreateVersion7();
        var made = await db.Database.ExecuteSqlAsync(ModelSql.Statement($"""
            INSERT INTO {db.TableOf<DigestRun>()} (id, frequency, period_start, period_end, papers, created_at)
            VALUES ({runId}, {frequency}, {start}, {end}, {JsonSerializer.Serialize(papers, JsonSerializerOptions.Web)}::jsonb, {now})
            ON CONFLICT (frequency, period_start) DO NOTHING
            """), cancellationToken);
        if (made == 0)
        {
            return; // another instance made it first
        }
        var queued = papers.Count == 0 ? 0 : await db.Database.ExecuteSqlAsync(ModelSql.Statement($"""
            INSERT INTO {db.TableOf<OutgoingMail>()} (id, user_name, address, kind, digest_run_id, created_at, due_at, attempts)
            SELECT gen_random_uuid(), user_name, email, {MailKinds.Digest}, {runId}, {now}, {now}, 0
            FROM {db.TableOf<Subscription>()} WHERE digest = {frequency} AND email IS NOT NULL AND email_confirmed_at IS NOT NULL
            """), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogDigestQueued(frequency, start, papers.Count, queued);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Frequency} digest from {PeriodStart:O} lists {Papers} papers and is queued for {Mails} subscribers")]
    private partial void LogDigestQueued(string frequency, DateTimeOffset periodStart, int papers, int mails);
}
