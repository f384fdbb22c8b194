using PapersPlatform.Catalogue.Apis;
using PapersPlatform.Catalogue.Consumers;
using PapersPlatform.Catalogue.Infrastructure;
using PapersPlatform.Catalogue.Listings;
using PapersPlatform.Messaging;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Catalogue.Extensions;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Data-annotation rules of the request types and parameters, checked before a handler runs.
        builder.Services.AddValidation();
        builder.AddServiceDatabase<CatalogueDbContext>(CatalogueDbContext.Schema);
        builder.AddPlatformMessaging<CatalogueDbContext>(CatalogueDbContext.Schema, bus =>
        {
            bus.AddBatchConsumer<PaperPublishedConsumer>(); // a bulk import's papers in batches
            bus.AddBatchConsumer<TrendingScoreChangedConsumer>(); // one transaction per batch of scores
        });
        builder.Services.AddScoped<IStartupWarmup, PaperPublishedWarmup>(); // its path once at start-up
        // Hybrid search: the embeddings service's nearest papers, found by name, within a budget.
        builder.Services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHttpClient(NearestPapers.ClientName, client => client.BaseAddress = new Uri("http://embeddings")).AddServiceDiscovery();
        builder.Services.AddSingleton<NearestPapers>();
        builder.Services.AddSingleton<HybridRanking>();
        // Feed readers poll the same few URLs over and over: answer them from memory for a minute.
        builder.Services.AddOutputCache(options =>
            options.AddPolicy(FeedsApi.CachePolicy, policy => policy.Expire(TimeSpan.FromMinutes(1))));
        return builder;
    }
}
