using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PapersPlatform.Embeddings.Model;

namespace PapersPlatform.Embeddings.Infrastructure.EntityConfigurations;

internal sealed class PaperEmbeddingConfiguration : IEntityTypeConfiguration<PaperEmbedding>
{
    public void Configure(EntityTypeBuilder<PaperEmbedding> builder)
    {
        builder.ToTable("papers");
        builder.HasKey(paper => paper.ArxivId);
        builder.Property(paper => paper.ArxivId).HasMaxLength(64);
        builder.Property(paper => paper.Vector).HasColumnType("real[]");
        // The worker's queue: papers still to embed, newest first (what readers look at first).
        builder.HasIndex(paper => paper.SubmittedAt)
            .HasDatabaseName("ix_papers_waiting")
            .HasFilter("embedded_at IS NULL AND failed_at IS NULL");
        // The index's refresh: what was embedded since it last looked.
        builder.HasIndex(paper => paper.EmbeddedAt);
    }
}
