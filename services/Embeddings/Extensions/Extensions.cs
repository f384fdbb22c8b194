using Microsoft.Extensions.Options;
using PapersPlatform.Embeddings.Backfill;
using PapersPlatform.Embeddings.Consumers;
using PapersPlatform.Embeddings.Encoding;
using PapersPlatform.Embeddings.Infrastructure;
using PapersPlatform.Embeddings.Similarity;
using PapersPlatform.Messaging;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Embeddings.Extensions;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidation();
        builder.AddServiceDatabase<EmbeddingsDbContext>(EmbeddingsDbContext.Schema);
        // Papers are stored as they come, a batch at a time; the model runs afterwards (EmbeddingWorker).
        builder.AddPlatformMessaging<EmbeddingsDbContext>(EmbeddingsDbContext.Schema, bus => bus.AddBatchConsumer<PaperPublishedConsumer>());

        builder.Services.AddEmbedding(builder.Configuration);
        builder.Services.AddSingleton(provider =>
            new QueryEncoder(Environment.ProcessorCount, provider.GetRequiredService<IOptions<EmbeddingOptions>>().Value.QueryModel));
        builder.Services.AddHealthChecks().AddCheck<EmbeddingsHealthCheck>("embeddings");
        // Papers the catalogue had before this service heard of them, read from its public listing by name.
        builder.Services.AddHttpClient(CatalogueBackfill.ClientName, client => client.BaseAddress = new Uri("http://catalogue")).AddServiceDiscovery();
        builder.Services.AddHostedService<CatalogueBackfill>();
        return builder;
    }

    /// <summary>The model, the background worker that embeds stored papers, and the index it fills (also the consumer tests' host).</summary>
    public static IServiceCollection AddEmbedding(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmbeddingOptions>().Bind(configuration.GetSection(EmbeddingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(provider => new TextEncoder(provider.GetRequiredService<IOptions<EmbeddingOptions>>().Value.Threads));
        services.AddSingleton<EmbeddingSignal>();
        services.AddSingleton<EmbeddingProgress>();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
            return new PaperIndex(TextEncoder.Dimensions, options.ExactSearchUpTo, options.Shortlist, options.ShortlistShare, options.Regions, options.Probes);
        });
        services.AddHostedService<EmbeddingWorker>();
        services.AddHostedService<PaperIndexRefresher>();
        return services;
    }
}
