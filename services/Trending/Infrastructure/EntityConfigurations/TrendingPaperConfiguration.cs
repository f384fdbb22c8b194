using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PapersPlatform.Trending.Model;

namespace PapersPlatform.Trending.Infrastructure.EntityConfigurations;

internal sealed class TrendingPaperConfiguration : IEntityTypeConfiguration<TrendingPaper>
{
    public void Configure(EntityTypeBuilder<TrendingPaper> builder)
    {
        builder.ToTable("papers");
        builder.HasKey(paper => paper.ArxivId);
        builder.Property(paper => paper.ArxivId).HasMaxLength(64);
        builder.Property(paper => paper.SubmittedBy).HasMaxLength(32);
        // Reading the top K walks this index: no sort of all scores on a read.
        builder.HasIndex(paper => paper.Score).IsDescending();
        // Window filters and the ranks of "why is this trending" count within a window from this
        // index alone (index-only scans): O(papers in the window), never a scan of the table.
        builder.HasIndex(paper => new { paper.SubmittedAt, paper.Score });
        // The announcer's work list: small, whatever the number of papers.
        builder.HasIndex(paper => paper.ArxivId).HasFilter("announced_version < version").HasDatabaseName("ix_papers_unannounced");
    }
}
