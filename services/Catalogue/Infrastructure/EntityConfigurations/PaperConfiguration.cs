using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NpgsqlTypes;
using PapersPlatform.Catalogue.Model;

namespace PapersPlatform.Catalogue.Infrastructure.EntityConfigurations;

internal sealed class PaperConfiguration : IEntityTypeConfiguration<Paper>
{
    /// <summary>The stored, weighted search document (title A, authors B, abstract C); a shadow property because only queries use it.</summary>
    public const string SearchVector = "SearchVector";

    public void Configure(EntityTypeBuilder<Paper> builder)
    {
        builder.HasKey(paper => paper.ArxivId);
        builder.Property(paper => paper.ArxivId).HasMaxLength(64);
        builder.Property(paper => paper.SubmittedBy).HasMaxLength(32);
        builder.Property(paper => paper.Organization).HasMaxLength(200);

        // Computed by Postgres on insert; the function is created by the migration (see
        // SearchVectorFunction) because array_to_string is not immutable on its own.
        builder.Property<NpgsqlTsVector>(SearchVector)
            .HasComputedColumnSql("catalogue.paper_search_vector(title, authors, abstract)", stored: true);
        builder.HasIndex(SearchVector).HasMethod("GIN");

        // One index per listing order, each ending in the keyset's tie-breaker, so that every page
        // of every listing is an index range scan however many papers there are.
        builder.HasIndex(paper => new { paper.SubmittedAt, paper.ArxivId }).IsDescending(true, false);
        builder.HasIndex(paper => new { paper.Upvotes, paper.SubmittedAt, paper.ArxivId }).IsDescending(true, true, false);
        builder.HasIndex(paper => new { paper.TrendingScore, paper.ArxivId }).IsDescending(true, false);
        builder.HasIndex(paper => new { paper.Organization, paper.SubmittedAt, paper.ArxivId }).IsDescending(false, true, false);
        builder.HasIndex(paper => new { paper.SubmittedBy, paper.SubmittedAt, paper.ArxivId }).IsDescending(false, true, false);
    }
}
