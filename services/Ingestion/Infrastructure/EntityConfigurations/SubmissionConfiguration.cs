using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PapersPlatform.Ingestion.Model;

namespace PapersPlatform.Ingestion.Infrastructure.EntityConfigurations;

internal sealed class SubmissionConfiguration : IEntityTypeConfiguration<Submission>
{
    public void Configure(EntityTypeBuilder<Submission> builder)
    {
        // The primary key is what turns two racing submissions of one paper into one 202 and one 409.
        builder.HasKey(submission => submission.ArxivId);
        builder.Property(submission => submission.ArxivId).HasMaxLength(64);
        builder.Property(submission => submission.SubmittedBy).HasMaxLength(32);
        builder.HasIndex(submission => new { submission.SubmittedBy, submission.SubmittedAt });
    }
}
