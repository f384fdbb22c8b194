using PapersPlatform.Catalogue.Consumers;
using PapersPlatform.Catalogue.Infrastructure;
using PapersPlatform.Messaging;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Catalogue.Extensions;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<CatalogueDbContext>(CatalogueDbContext.Schema);
        builder.AddPlatformMessaging<CatalogueDbContext>(CatalogueDbContext.Schema, bus =>
            bus.AddConsumer<PaperPublishedConsumer>());
        return builder;
    }
}
