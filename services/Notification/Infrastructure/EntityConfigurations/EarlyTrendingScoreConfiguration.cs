using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PapersPlatform.Notification.Model;

namespace PapersPlatform.Notification.Infrastructure.EntityConfigurations;

internal sealed class EarlyTrendingScoreConfiguration : IEntityTypeConfiguration<EarlyTrendingScore>
{
    public void Configure(EntityTypeBuilder<EarlyTrendingScore> builder)
    {
        builder.ToTable("early_trending_scores");
        builder.HasKey(score => score.ArxivId);
        builder.Property(score => score.ArxivId).HasMaxLength(64);
    }
}
