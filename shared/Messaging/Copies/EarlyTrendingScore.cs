using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PapersPlatform.Messaging.Copies;

/// <summary>
/// A paper's trending score that arrived before the paper itself (a big import, the service
/// restarting): kept, newest version only, until the paper's <c>PaperPublished</c> takes it over.
/// </summary>
public sealed class EarlyTrendingScore
{
    public required string ArxivId { get; init; }
    public double Score { get; set; }
    public long Version { get; set; }
}

internal sealed class EarlyTrendingScoreConfiguration : IEntityTypeConfiguration<EarlyTrendingScore>
{
    public void Configure(EntityTypeBuilder<EarlyTrendingScore> builder)
    {
        builder.ToTable("early_trending_scores");
        builder.HasKey(score => score.ArxivId);
        builder.Property(score => score.ArxivId).HasMaxLength(64);
    }
}
