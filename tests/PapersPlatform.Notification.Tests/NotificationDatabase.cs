using Microsoft.EntityFrameworkCore;
using PapersPlatform.Notification.Infrastructure;

namespace PapersPlatform.Notification.Tests;

/// <summary>The notification service's DbContext on a test's own database, configured as the service configures it.</summary>
internal static class NotificationDatabase
{
    public static NotificationDbContext CreateContext(string connectionString) =>
        new(new DbContextOptionsBuilder<NotificationDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", NotificationDbContext.Schema))
            .UseSnakeCaseNamingConvention()
            .Options);
}
