using PapersPlatform.Messaging;
using PapersPlatform.ServiceDefaults;
using PapersPlatform.Trending.Consumers;
using PapersPlatform.Trending.Infrastructure;

namespace PapersPlatform.Trending.Extensions;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<TrendingDbContext>(TrendingDbContext.Schema);
        builder.AddPlatformMessaging<TrendingDbContext>(TrendingDbContext.Schema, bus =>
        {
            bus.AddConsumer<PaperPublishedConsumer>();
            bus.AddConsumer<PaperUpvotedConsumer>();
            bus.AddConsumer<PaperUpvoteWithdrawnConsumer>();
        });
        return builder;
    }
}
