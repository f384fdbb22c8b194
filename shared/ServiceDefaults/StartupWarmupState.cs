using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace PapersPlatform.ServiceDefaults;

/// <summary>
/// Whether the service's start-up warm-ups have run: until every one has, <c>/health</c> says it
/// is not ready, so no traffic is sent its way. Each warm-up is counted when it is registered
/// (<see cref="StartupWarmups.AddStartupWarmup{TWarmup}"/>) and says <see cref="Done"/> once,
/// however it ended; one that failed is named in the check's description (the service is ready
/// all the same: a warm-up only saves time).
/// </summary>
public sealed class StartupWarmupState
{
    private readonly ConcurrentQueue<string> _failed = new();
    private int _pending;

    public bool IsDone => Volatile.Read(ref _pending) <= 0;

    /// <summary>The warm-ups that failed (their errors are in the log).</summary>
    public IReadOnlyCollection<string> Failed => _failed;

    internal void Expect() => Interlocked.Increment(ref _pending);

    /// <param name="failed">The warm-up's name when it failed; null when it did its work.</param>
    public void Done(string? failed = null)
    {
        if (failed is not null)
        {
            _failed.Enqueue(failed);
        }
        Interlocked.Decrement(ref _pending);
    }
}

public static class StartupWarmups
{
    /// <summary>Runs <typeparamref name="TWarmup"/> at start-up, and readiness waits for it; registering it twice runs and counts it once.</summary>
    public static IServiceCollection AddStartupWarmup<TWarmup>(this IServiceCollection services) where TWarmup : StartupWarmupService
    {
        if (services.Any(service => service.ServiceType == typeof(IHostedService) && service.ImplementationType == typeof(TWarmup)))
        {
            return services;
        }
        var state = services.FirstOrDefault(service => service.ServiceType == typeof(StartupWarmupState))?.ImplementationInstance as StartupWarmupState;
        if (state is null)
        {
            state = new StartupWarmupState();
            services.AddSingleton(state);
            services.AddHealthChecks().AddCheck<StartupWarmupCheck>("warm-up");
        }
        state.Expect();
        services.AddHostedService<TWarmup>();
        return services;
    }
}

/// <summary>The readiness side of <see cref="StartupWarmupState"/>.</summary>
public sealed class StartupWarmupCheck(StartupWarmupState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!state.IsDone ? HealthCheckResult.Unhealthy("Warming up after start-up.")
            : state.Failed.Count > 0 ? HealthCheckResult.Healthy($"Ready; the start-up warm-up of {string.Join(", ", state.Failed)} failed (see the log).")
            : HealthCheckResult.Healthy());
}
