using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PapersPlatform.Trending.Model;

namespace PapersPlatform.Trending.Infrastructure.EntityConfigurations;

internal sealed class TrendingVoteConfiguration : IEntityTypeConfiguration<TrendingVote>
{
    public void Configure(EntityTypeBuilder<TrendingVote> builder)
    {
        builder.ToTable("votes");
        // The key leads with the paper: a withdrawal recomputes from this key's range.
        builder.HasKey(vote => new { vote.ArxivId, vote.Voter, vote.VotedAt });
        builder.Property(vote => vote.ArxivId).HasMaxLength(64);
        builder.Property(vote => vote.Voter).HasMaxLength(32);
    }
}
