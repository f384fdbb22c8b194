using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PapersPlatform.Catalogue.Model;

namespace PapersPlatform.Catalogue.Infrastructure.EntityConfigurations;

internal sealed class VoteConfiguration : IEntityTypeConfiguration<Vote>
{
    public void Configure(EntityTypeBuilder<Vote> builder)
    {
        // One vote per user per paper, whatever the API layer does.
        builder.HasKey(vote => new { vote.ArxivId, vote.UserName });
        builder.Property(vote => vote.UserName).HasMaxLength(32);
        builder.HasOne<Paper>().WithMany().HasForeignKey(vote => vote.ArxivId);
    }
}
