using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Messaging.Tests.ServiceDefaults;

/// <summary>
/// A warm-up holds readiness until its own work has ended, however it ended: a failed one is
/// named and the service is ready all the same, and its best-effort part runs after readiness.
/// </summary>
public sealed class StartupWarmupServiceTests
{
    [Fact]
    public async Task A_failed_warm_up_is_named_and_the_service_is_ready_all_the_same()
    {
        await using var services = Register<FailingWarmup>();
        var check = new StartupWarmupCheck(services.GetRequiredService<StartupWarmupState>());
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        var warmup = services.GetServices<IHostedService>().OfType<FailingWarmup>().Single();
        await warmup.StartAsync(CancellationToken.None);
        await warmup.ExecuteTask!;

        var health = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.Equal("Ready; the start-up warm-up of sample path failed (see the log).", health.Description);
    }

    [Fact]
    public async Task Readiness_waits_for_the_warm_up_and_not_for_its_best_effort_part()
    {
        await using var services = Register<SlowAfterReadyWarmup>();
        var state = services.GetRequiredService<StartupWarmupState>();
        var warmup = services.GetServices<IHostedService>().OfType<SlowAfterReadyWarmup>().Single();

        await warmup.StartAsync(CancellationToken.None);
        await warmup.AfterReadyStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(state.IsDone);
        Assert.Empty(state.Failed);
        Assert.False(warmup.ExecuteTask!.IsCompleted); // the best-effort part is still running
        warmup.AfterReadyMayEnd.SetResult();
        await warmup.ExecuteTask;
    }

    [Fact]
    public void A_warm_up_registered_twice_is_run_and_counted_once()
    {
        var collection = new ServiceCollection().AddLogging();
        collection.AddStartupWarmup<FailingWarmup>();
        collection.AddStartupWarmup<FailingWarmup>();
        using var services = collection.BuildServiceProvider();

        Assert.Single(services.GetServices<IHostedService>().OfType<FailingWarmup>());
    }

    private static ServiceProvider Register<TWarmup>() where TWarmup : StartupWarmupService
    {
        var collection = new ServiceCollection().AddLogging();
        collection.AddStartupWarmup<TWarmup>();
        return collection.BuildServiceProvider();
    }

    private sealed class FailingWarmup(StartupWarmupState state, ILogger<FailingWarmup> logger) : StartupWarmupService(state, logger)
    {
        protected override string Name => "sample path";

        protected override Task WarmUpAsync(CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The sample path could not be warmed up.");
    }

    private sealed class SlowAfterReadyWarmup(StartupWarmupState state, ILogger<SlowAfterReadyWarmup> logger) : StartupWarmupService(state, logger)
    {
        public TaskCompletionSource AfterReadyStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource AfterReadyMayEnd { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override string Name => "sample path";

        protected override Task WarmUpAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        protected override async Task AfterReadyAsync(CancellationToken stoppingToken)
        {
            AfterReadyStarted.SetResult();
            await AfterReadyMayEnd.Task;
        }
    }
}
