using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PapersPlatform.Notification.Model;

namespace PapersPlatform.Notification.Infrastructure.EntityConfigurations;

internal sealed class NotificationStreamConfiguration : IEntityTypeConfiguration<NotificationStream>
{
    public void Configure(EntityTypeBuilder<NotificationStream> builder)
    {
        builder.ToTable("notification_streams");
        builder.HasKey(stream => stream.Recipient);
        builder.Property(stream => stream.Recipient).HasMaxLength(32);
    }
}
