using PapersPlatform.Messaging;
using PapersPlatform.ServiceDefaults;
using PapersPlatform.Trending.Announcements;
using PapersPlatform.Trending.Consumers;
using PapersPlatform.Trending.Infrastructure;

namespace PapersPlatform.Trending.Extensions;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Data-annotation rules of the request types and parameters, checked before a handler runs.
        builder.Services.AddValidation();
        builder.AddServiceDatabase<TrendingDbContext>(TrendingDbContext.Schema);
        builder.AddPlatformMessaging<TrendingDbContext>(TrendingDbContext.Schema, bus =>
        {
            // Votes come in bursts on few papers, and a bulk import's papers by the thousand:
            // both are applied in batches (docs/performance.md).
            bus.AddBatchConsumer<PaperPublishedConsumer>();
            bus.AddBatchConsumer<PaperUpvotedConsumer>();
            bus.AddBatchConsumer<PaperUpvoteWithdrawnConsumer>();
        });
        builder.Services.AddScoped<IStartupWarmup, PaperPublishedWarmup>(); // its path once at start-up
        // A vote that lifts a paper into the day's top N is announced (PaperEnteredTrending) for its submitter.
        builder.Services.Configure<AnnouncementOptions>(builder.Configuration.GetSection(AnnouncementOptions.Section));
        builder.Services.AddScoped<TrendingAnnouncer>();
        builder.Services.AddHostedService<ScoreAnnouncer>();
        return builder;
    }
}
