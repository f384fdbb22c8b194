using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PapersPlatform.Messaging.Tests;

/// <summary>MassTransit reports how a bus is configured to its makers unless told not to; ours never does.</summary>
public sealed class UsageTelemetryTests
{
    [Fact]
    public void The_platforms_bus_sends_no_usage_telemetry()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = "amqp://papers:a-password-for-this-test@127.0.0.1:5672/",
        });
        builder.AddPlatformMessaging<RelayTestDbContext>("usage");
        using var host = builder.Build();

        Assert.False(host.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
    }
}
