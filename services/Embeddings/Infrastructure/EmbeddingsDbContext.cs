using Microsoft.EntityFrameworkCore;
using PapersPlatform.Embeddings.Model;
using PapersPlatform.Messaging;

namespace PapersPlatform.Embeddings.Infrastructure;

public sealed class EmbeddingsDbContext(DbContextOptions<EmbeddingsDbContext> options) : DbContext(options)
{
    public const string Schema = "embeddings";

    public DbSet<PaperEmbedding> Papers => Set<PaperEmbedding>();

    public DbSet<BackfillProgress> Backfill => Set<BackfillProgress>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.AddMessagingTables();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(EmbeddingsDbContext).Assembly);
    }
}
