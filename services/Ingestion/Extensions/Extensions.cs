using PapersPlatform.Ingestion.Import;
using PapersPlatform.Ingestion.Infrastructure;
using PapersPlatform.Ingestion.Papers;
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
        // Data-annotation rules of SubmitPaperRequest, checked before a handler runs and by the importer.
        builder.Services.AddValidation();
        builder.Services.Configure<SubmissionLimits>(builder.Configuration.GetSection(SubmissionLimits.Section));
        builder.Services.AddScoped<SubmissionStore>();
        builder.Services.AddScoped<IStartupWarmup, SubmissionWarmup>(); // a submission's path once at start-up
        builder.Services.AddScoped<PaperImporter>();
        return builder;
    }
}
