using Microsoft.EntityFrameworkCore;
using PapersPlatform.Messaging;
using PapersPlatform.Trending.Model;

namespace PapersPlatform.Trending.Infrastructure;

public sealed class TrendingDbContext(DbContextOptions<TrendingDbContext> options) : DbContext(options)
{
    public const string Schema = "trending";

    public DbSet<TrendingPaper> Papers => Set<TrendingPaper>();

    public DbSet<TrendingVote> Votes => Set<TrendingVote>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.AddMessagingTables();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TrendingDbContext).Assembly);
    }
}
