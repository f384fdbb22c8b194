using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PapersPlatform.Notification.Model;

namespace PapersPlatform.Notification.Infrastructure.EntityConfigurations;

internal sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> builder)
    {
        // One subscription per user.
        builder.HasKey(subscription => subscription.UserName);
        builder.Property(subscription => subscription.UserName).HasMaxLength(32);
        builder.Property(subscription => subscription.Email).HasMaxLength(254);
        builder.Property(subscription => subscription.Digest).HasMaxLength(8);
    }
}
