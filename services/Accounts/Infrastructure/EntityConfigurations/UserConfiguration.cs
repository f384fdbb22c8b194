using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PapersPlatform.Accounts.Model;

namespace PapersPlatform.Accounts.Infrastructure.EntityConfigurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    /// <summary>The index that refuses a second account with a taken user name.</summary>
    public const string UniqueUserName = "ix_users_normalized_user_name";

    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.HasKey(user => user.Id);
        builder.Property(user => user.UserName).HasMaxLength(32);
        builder.Property(user => user.NormalizedUserName).HasMaxLength(32);
        builder.Property(user => user.Email).HasMaxLength(254);
        builder.Property(user => user.NormalizedEmail).HasMaxLength(254);
        // The unique index, not a look-up first, decides who gets a name when two sign up at once.
        builder.HasIndex(user => user.NormalizedUserName).IsUnique().HasDatabaseName(UniqueUserName);
        // Not unique: a registration must not tell anyone that an address already has an account
        // (names are public on the site; addresses are not). Nothing is mailed to this address.
        builder.HasIndex(user => user.NormalizedEmail);
    }
}
