using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;

namespace PapersPlatform.ServiceDefaults;

public static class DatabaseExtensions
{
    public const string ConnectionStringName = "Postgres";

    /// <summary>
    /// The service's own DbContext on its own schema (migrations history included), a readiness
    /// check, and its migrations applied at start-up before anything else starts.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string schema)
        where TContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not configured.");
        ExampleSecrets.Refuse($"The database password in ConnectionStrings:{ConnectionStringName}", new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Password);

        builder.Services.AddDbContext<TContext>((services, options) => options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", schema))
            .UseSnakeCaseNamingConvention()
            // Shared pieces (the outbox) hook in here without the service knowing.
            .AddInterceptors(services.GetServices<IInterceptor>())
            .AddInterceptors(NoSavepointsInterceptor.Instance));

        // Probes come every few seconds: their queries are not traced, or they would bury real traces.
        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>("postgres", customTestQuery: async (db, cancellationToken) =>
        {
            using var _ = SuppressInstrumentationScope.Begin();
            return await db.Database.CanConnectAsync(cancellationToken);
        });
        // Registered before the message bus so that no consumer runs against an old schema.
        builder.Services.AddHostedService<DatabaseMigrator<TContext>>();
        return builder;
    }
}
