using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PapersPlatform.Notification.Model;

namespace PapersPlatform.Notification.Infrastructure.EntityConfigurations;

internal sealed class KeywordAlertConfiguration : IEntityTypeConfiguration<KeywordAlert>
{
    public void Configure(EntityTypeBuilder<KeywordAlert> builder)
    {
        // Phrase first: matching a paper looks its phrases up in this key.
        builder.HasKey(alert => new { alert.Phrase, alert.UserName });
        builder.Property(alert => alert.UserName).HasMaxLength(32);
        // Replacing one user's keywords.
        builder.HasIndex(alert => alert.UserName);
    }
}
