using PapersPlatform.Messaging;
using PapersPlatform.Notification.Consumers;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.Notification.Mail;
using PapersPlatform.Notification.Notifications;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Notification.Extensions;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<NotificationDbContext>(NotificationDbContext.Schema);
        builder.AddPlatformMessaging<NotificationDbContext>(NotificationDbContext.Schema, bus =>
        {
            // Votes come in bursts on few papers: applied in batches (docs/performance.md).
            bus.AddBatchConsumer<PaperUpvotedConsumer>();
            bus.AddBatchConsumer<PaperUpvoteWithdrawnConsumer>();
            bus.AddConsumer<PaperEnteredTrendingConsumer>();
            bus.AddBatchConsumer<PaperPublishedConsumer>(); // a bulk import's papers in batches
            bus.AddBatchConsumer<TrendingScoreChangedConsumer>(); // one transaction per batch of scores
        });
        builder.Services.AddScoped<IStartupWarmup, PaperPublishedWarmup>(); // its path once at start-up
        builder.Services.AddSingleton<NotificationChanges>();
        builder.Services.AddHostedService(services => services.GetRequiredService<NotificationChanges>());
        builder.AddMail();
        // Data-annotation rules of the subscription body, checked before the handler runs.
        builder.Services.AddValidation();
        return builder;
    }

    private static void AddMail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<MailLinkTokens>();
        builder.Services.AddSingleton<MailRenderer>();
        builder.Services.AddScoped<DigestScheduler>();
        builder.Services.AddScoped<AlertComposer>();
        builder.Services.AddScoped<MailSender>();
        builder.Services.AddHostedService<MailWorker>();
    }
}
