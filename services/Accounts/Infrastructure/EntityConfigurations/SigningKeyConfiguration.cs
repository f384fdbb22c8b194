using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PapersPlatform.Accounts.Model;

namespace PapersPlatform.Accounts.Infrastructure.EntityConfigurations;

internal sealed class SigningKeyConfiguration : IEntityTypeConfiguration<SigningKey>
{
    public void Configure(EntityTypeBuilder<SigningKey> builder)
    {
        builder.HasKey(key => key.KeyId);
        builder.Property(key => key.KeyId).HasMaxLength(64);
    }
}
