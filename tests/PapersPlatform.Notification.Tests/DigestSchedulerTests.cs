using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.Notification.Mail;
using PapersPlatform.Notification.Model;
using PapersPlatform.Testing;

namespace PapersPlatform.Notification.Tests;

/// <summary>
/// When digests are made, on a clock the test moves (no waiting on the wall clock), against the
/// run's real PostgreSQL in a database of their own: once per period however many instances ask,
/// only to confirmed subscribers of that frequency, the period's best papers first, and after an
/// outage one digest for the latest period rather than a backlog.
/// </summary>
public sealed class DigestSchedulerTests : IAsyncLifetime
{
    /// <summary>Ten past noon on a day: the daily period that last closed is the day before.</summary>
    private static readonly DateTimeOffset Today = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Noon = Today.AddHours(12).AddMinutes(10);
    private static readonly DateTimeOffset Yesterday = Today.AddDays(-1);
    private ScratchDatabase _database = null!;
    private readonly FakeTimeProvider _clock = new(Noon);

    public async Task InitializeAsync()
    {
        _database = await ScratchDatabase.CreateAsync("digest_test");
        await using var db = CreateContext();
        await db.Database.MigrateAsync();
        db.Papers.AddRange(
            Paper("2612.00001", Yesterday.AddHours(3), score: 5),
            Paper("2612.00002", Yesterday.AddHours(9), score: 50),
            Paper("2612.00003", Yesterday.AddHours(20), score: null),
            Paper("2612.00004", Noon.AddHours(-1), score: 500)); // today: not in yesterday's digest
        db.Subscriptions.AddRange(
            Subscriber("daily-confirmed", DigestFrequencies.Daily, confirmed: true),
            Subscriber("daily-unconfirmed", DigestFrequencies.Daily, confirmed: false),
            Subscriber("weekly-confirmed", DigestFrequencies.Weekly, confirmed: true),
            Subscriber("no-digest", DigestFrequencies.Off, confirmed: true));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task The_closed_day_is_queued_once_to_its_confirmed_subscribers_even_when_two_instances_ask()
    {
        await Task.WhenAll(ScheduleAsync(), ScheduleAsync());
        await ScheduleAsync();

        await using var db = CreateContext();
        var run = await db.DigestRuns.AsNoTracking().SingleAsync(run => run.Frequency == DigestFrequencies.Daily);
        Assert.Equal((Yesterday, Today), (run.PeriodStart, run.PeriodEnd));
        var mails = await db.Mails.AsNoTracking().Where(mail => mail.DigestRunId == run.Id).ToListAsync();
        Assert.Equal(["daily-confirmed@example.org"], mails.Select(mail => mail.Address));
        Assert.Equal(Noon, mails[0].DueAt);
        // Yesterday's papers only, the best scored first, unscored last.
        Assert.Equal(["2612.00002", "2612.00001", "2612.00003"], run.Papers.Select(paper => paper.ArxivId));
    }

    [Fact]
    public async Task After_three_days_away_one_digest_for_the_latest_day_and_none_for_a_day_without_papers()
    {
        _clock.Advance(TimeSpan.FromDays(3));
        await ScheduleAsync();

        await using var db = CreateContext();
        var runs = await db.DigestRuns.AsNoTracking().Where(run => run.Frequency == DigestFrequencies.Daily).ToListAsync();
        var run = Assert.Single(runs);
        Assert.Equal(Today.AddDays(2), run.PeriodStart);
        // That day had no papers: the run is recorded, so it is not made again, and nobody is mailed.
        Assert.Empty(await db.Mails.AsNoTracking().Where(mail => mail.DigestRunId == run.Id).ToListAsync());
    }

    private async Task ScheduleAsync()
    {
        await using var db = CreateContext();
        var scheduler = new DigestScheduler(db, Options.Create(new MailOptions()), _clock, NullLogger<DigestScheduler>.Instance);
        await scheduler.ScheduleDueAsync(CancellationToken.None);
    }

    private static DigestPaper Paper(string arxivId, DateTimeOffset submittedAt, double? score) =>
        new() { ArxivId = arxivId, Title = $"Paper {arxivId}", Authors = ["Ada Lovelace"], SubmittedAt = submittedAt, Score = score, ScoreVersion = score is null ? 0 : 1 };

    private static Subscription Subscriber(string userName, string digest, bool confirmed) => new()
    {
        UserName = userName,
        Email = $"{userName}@example.org",
        EmailConfirmedAt = confirmed ? Noon.AddDays(-10) : null,
        Digest = digest,
        Keywords = [],
        UpdatedAt = Noon.AddDays(-10),
    };

    private NotificationDbContext CreateContext() => NotificationDatabase.CreateContext(_database.ConnectionString);
}
