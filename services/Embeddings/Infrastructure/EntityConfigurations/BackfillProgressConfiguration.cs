using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PapersPlatform.Embeddings.Model;

namespace PapersPlatform.Embeddings.Infrastructure.EntityConfigurations;

internal sealed class BackfillProgressConfiguration : IEntityTypeConfiguration<BackfillProgress>
{
    public void Configure(EntityTypeBuilder<BackfillProgress> builder)
    {
        builder.ToTable("backfill");
        builder.HasKey(progress => progress.Id);
        builder.Property(progress => progress.Id).ValueGeneratedNever();
        builder.Property(progress => progress.Cursor).HasMaxLength(1_000);
    }
}
