using Microsoft.EntityFrameworkCore;
using PapersPlatform.Messaging;
using PapersPlatform.Messaging.Copies;
using PapersPlatform.Notification.Model;

namespace PapersPlatform.Notification.Infrastructure;

public sealed class NotificationDbContext(DbContextOptions<NotificationDbContext> options) : DbContext(options)
{
    public const string Schema = "notification";

    public DbSet<UserNotification> Notifications => Set<UserNotification>();
    public DbSet<Subscription> Subscriptions => Set<Subscription>();
    public DbSet<NotificationStream> Streams => Set<NotificationStream>();
    public DbSet<KeywordAlert> KeywordAlerts => Set<KeywordAlert>();
    public DbSet<DigestPaper> Papers => Set<DigestPaper>();
    public DbSet<ReceivedUpvote> ReceivedUpvotes => Set<ReceivedUpvote>();
    public DbSet<DigestRun> DigestRuns => Set<DigestRun>();
    public DbSet<OutgoingMail> Mails => Set<OutgoingMail>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.AddMessagingTables();
        modelBuilder.AddEarlyTrendingScores();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(NotificationDbContext).Assembly);
    }
}
