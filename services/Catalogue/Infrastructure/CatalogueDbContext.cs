using Microsoft.EntityFrameworkCore;
using PapersPlatform.Catalogue.Model;
using PapersPlatform.Messaging;

namespace PapersPlatform.Catalogue.Infrastructure;

public sealed class CatalogueDbContext(DbContextOptions<CatalogueDbContext> options) : DbContext(options)
{
    public const string Schema = "catalogue";

    public DbSet<Paper> Papers => Set<Paper>();
    public DbSet<Vote> Votes => Set<Vote>();
    public DbSet<EarlyTrendingScore> EarlyTrendingScores => Set<EarlyTrendingScore>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.AddMessagingTables();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CatalogueDbContext).Assembly);
    }
}
