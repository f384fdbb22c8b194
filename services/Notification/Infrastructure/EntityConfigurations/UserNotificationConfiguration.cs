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
        builder.Property(notification => notification.GroupKey).HasMaxLength(100);
        // Business key behind the inbox: an event never notifies a recipient twice.
        builder.HasIndex(notification => new { notification.SourceMessageId, notification.Recipient }).IsUnique();
        // A user's list, most recently changed first, and the live stream's replay.
        builder.HasIndex(notification => new { notification.Recipient, notification.Sequence }).IsUnique();
        // Where grouped events land (null keys never collide).
        builder.HasIndex(notification => new { notification.Recipient, notification.GroupKey }).IsUnique();
        // The alert mailer's queue: small, because a row leaves it when it is mailed.
        builder.HasIndex(notification => notification.Recipient).HasDatabaseName("ix_notifications_mail_pending").HasFilter("mail_pending");
        builder.HasIndex(notification => notification.MailId);
    }
}
