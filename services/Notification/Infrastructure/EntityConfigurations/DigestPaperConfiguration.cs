using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PapersPlatform.Notification.Model;

namespace PapersPlatform.Notification.Infrastructure.EntityConfigurations;

internal sealed class DigestPaperConfiguration : IEntityTypeConfiguration<DigestPaper>
{
    public void Configure(EntityTypeBuilder<DigestPaper> builder)
    {
        builder.ToTable("papers");
        builder.HasKey(paper => paper.ArxivId);
        builder.Property(paper => paper.ArxivId).HasMaxLength(64);
        // A period's top papers: the period's range of this index.
        builder.HasIndex(paper => new { paper.SubmittedAt, paper.Score });
    }
}
