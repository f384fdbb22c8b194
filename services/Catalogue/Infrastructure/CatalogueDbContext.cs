using Microsoft.EntityFrameworkCore;
using PapersPlatform.Catalogue.Model;
using PapersPlatform.Messaging;
using PapersPlatform.Messaging.Copies;

namespace PapersPlatform.Catalogue.Infrastructure;

public sealed class CatalogueDbContext(DbContextOptions<CatalogueDbContext> options) : DbContext(options)
{
    public const string Schema = "catalogue";

    public DbSet<Paper> Papers => Set<Paper>();
    public DbSet<Vote> Votes => Set<Vote>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.AddMessagingTables();
        modelBuilder.AddEarlyTrendingScores();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CatalogueDbContext).Assembly);
    }
}
