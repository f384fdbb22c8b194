using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PapersPlatform.Notification.Model;

namespace PapersPlatform.Notification.Infrastructure.EntityConfigurations;

internal sealed class UserNotificationConfiguration : IEntityTypeConfiguration<UserNotification>
{
    public void Configure(EntityTypeBuilder<UserNotification> builder)
    {
        builder.ToTable("notifications");
        builder.HasKey(notification => notification.Id);
        builder.Property(notification => notification.Recipient).HasMaxLength(32);
        builder.Property(notification => notification.Kind).HasMaxLength(32);
        // Business key behind the inbox: an event never notifies a recipient twice.
        builder.HasIndex(notification => new { notification.SourceMessageId, notification.Recipient }).IsUnique();
        // A user's list, newest first.
        builder.HasIndex(notification => new { notification.Recipient, notification.CreatedAt });
    }
}
