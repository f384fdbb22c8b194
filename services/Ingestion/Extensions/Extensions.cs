using PapersPlatform.Ingestion.Infrastructure;
using PapersPlatform.Messaging;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Ingestion.Extensions;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<IngestionDbContext>(IngestionDbContext.Schema);
        // Ingestion only publishes (through its outbox); it consumes nothing.
        builder.AddPlatformMessaging<IngestionDbContext>(IngestionDbContext.Schema);
        builder.Services.AddValidation();
        return builder;
    }
}
