using PapersPlatform.Messaging;
using PapersPlatform.Notification.Consumers;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Notification.Extensions;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<NotificationDbContext>(NotificationDbContext.Schema);
        builder.AddPlatformMessaging<NotificationDbContext>(NotificationDbContext.Schema, bus =>
        {
            bus.AddConsumer<PaperUpvotedConsumer>();
            bus.AddConsumer<PaperTrendingConsumer>();
        });
        // Data-annotation rules of the subscription body, checked before the handler runs.
        builder.Services.AddValidation();
        return builder;
    }
}
