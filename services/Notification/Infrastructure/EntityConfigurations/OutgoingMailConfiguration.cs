using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PapersPlatform.Notification.Model;

namespace PapersPlatform.Notification.Infrastructure.EntityConfigurations;

internal sealed class OutgoingMailConfiguration : IEntityTypeConfiguration<OutgoingMail>
{
    public void Configure(EntityTypeBuilder<OutgoingMail> builder)
    {
        builder.ToTable("mails");
        builder.HasKey(mail => mail.Id);
        builder.Property(mail => mail.UserName).HasMaxLength(32);
        builder.Property(mail => mail.Address).HasMaxLength(254);
        builder.Property(mail => mail.Kind).HasMaxLength(16);
        // A period's digest is queued once per user.
        builder.HasIndex(mail => new { mail.UserName, mail.DigestRunId }).IsUnique();
        // The senders' queue: only mails still to go.
        builder.HasIndex(mail => mail.DueAt).HasDatabaseName("ix_mails_due").HasFilter("sent_at IS NULL AND abandoned_at IS NULL");
    }
}
