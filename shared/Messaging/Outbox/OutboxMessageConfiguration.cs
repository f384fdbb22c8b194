using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PapersPlatform.Messaging.Outbox;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages");
        builder.HasKey(message => message.Id);
        builder.Property(message => message.Id).UseIdentityAlwaysColumn();
        builder.HasIndex(message => message.MessageId).IsUnique();
        builder.Property(message => message.MessageType).HasMaxLength(500);
        builder.Property(message => message.Body).HasColumnType("jsonb");
        builder.Property(message => message.TraceParent).HasMaxLength(100);
        builder.Property(message => message.TraceState).HasMaxLength(500);
        builder.Property(message => message.LastError).HasMaxLength(OutboxMessage.MaxErrorLength);
        // What an operator looks at: the rows the relay gave up on.
        builder.HasIndex(message => message.SetAsideAt).HasFilter("set_aside_at IS NOT NULL").HasDatabaseName("ix_outbox_messages_set_aside");
        // The relay only ever looks for unsent rows, in order.
        builder.HasIndex(message => message.Id).HasFilter("sent_at IS NULL").HasDatabaseName("ix_outbox_messages_unsent");
    }
}
