using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PapersPlatform.Notification.Model;

namespace PapersPlatform.Notification.Infrastructure.EntityConfigurations;

internal sealed class ReceivedUpvoteConfiguration : IEntityTypeConfiguration<ReceivedUpvote>
{
    public void Configure(EntityTypeBuilder<ReceivedUpvote> builder)
    {
        builder.ToTable("received_upvotes");
        builder.HasKey(vote => new { vote.ArxivId, vote.Voter, vote.VotedAt });
        builder.Property(vote => vote.ArxivId).HasMaxLength(64);
        builder.Property(vote => vote.Voter).HasMaxLength(32);
        builder.Property(vote => vote.Recipient).HasMaxLength(32);
        // A group's voters: the paper's votes within one hour.
        builder.HasIndex(vote => new { vote.ArxivId, vote.VotedAt });
    }
}
