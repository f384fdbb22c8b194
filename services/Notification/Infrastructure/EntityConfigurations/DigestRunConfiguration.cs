using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PapersPlatform.Notification.Model;

namespace PapersPlatform.Notification.Infrastructure.EntityConfigurations;

internal sealed class DigestRunConfiguration : IEntityTypeConfiguration<DigestRun>
{
    public void Configure(EntityTypeBuilder<DigestRun> builder)
    {
        builder.HasKey(run => run.Id);
        builder.Property(run => run.Frequency).HasMaxLength(8);
        // One run per frequency and period, whichever instance gets there first.
        builder.HasIndex(run => new { run.Frequency, run.PeriodStart }).IsUnique();
        builder.Property(run => run.Papers).HasColumnType("jsonb").HasConversion(
            papers => JsonSerializer.Serialize(papers, JsonSerializerOptions.Web),
            json => JsonSerializer.Deserialize<List<DigestEntry>>(json, JsonSerializerOptions.Web)!,
            new ValueComparer<List<DigestEntry>>(
                (left, right) => left!.SequenceEqual(right!),
                papers => papers.Aggregate(0, (hash, paper) => HashCode.Combine(hash, paper)),
                papers => papers.ToList()));
    }
}
