using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PapersPlatform.Catalogue.Model;

namespace PapersPlatform.Catalogue.Infrastructure.EntityConfigurations;

internal sealed class PaperConfiguration : IEntityTypeConfiguration<Paper>
{
    public void Configure(EntityTypeBuilder<Paper> builder)
    {
        builder.HasKey(paper => paper.ArxivId);
        builder.Property(paper => paper.ArxivId).HasMaxLength(64);
        builder.Property(paper => paper.SubmittedBy).HasMaxLength(32);
        // Day / week / month listings select by submission time.
        builder.HasIndex(paper => paper.SubmittedAt);
    }
}
