using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PapersPlatform.Accounts.Model;

namespace PapersPlatform.Accounts.Infrastructure.EntityConfigurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.HasKey(user => user.Id);
        builder.Property(user => user.UserName).HasMaxLength(32);
        builder.Property(user => user.NormalizedUserName).HasMaxLength(32);
        builder.Property(user => user.Email).HasMaxLength(254);
        builder.Property(user => user.NormalizedEmail).HasMaxLength(254);
        // The unique indexes, not a look-up first, decide who gets a name when two sign up at once.
        builder.HasIndex(user => user.NormalizedUserName).IsUnique();
        builder.HasIndex(user => user.NormalizedEmail).IsUnique();
    }
}
