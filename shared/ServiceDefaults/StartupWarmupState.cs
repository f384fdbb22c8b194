using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PapersPlatform.ServiceDefaults;

/// <summary>
/// Whether the service's start-up warm-ups have run: until every one has, <c>/health</c> says it
/// is not ready, so no traffic is sent its way. Each warm-up is counted when it is registered
/// (<see cref="StartupWarmups.ExpectStartupWarmup"/>) and says <see cref="Done"/> once, however it ended.
/// </summary>
public sealed class StartupWarmupState
{
    private int _pending;

    public bool IsDone => Volatile.Read(ref _pending) <= 0;

    internal void Expect() => Interlocked.Increment(ref _pending);

    public void Done() => Interlocked.Decrement(ref _pending);
}

public static class StartupWarmups
{
    /// <summary>The service's one <see cref="StartupWarmupState"/>, counting one more warm-up to wait for.</summary>
    public static StartupWarmupState ExpectStartupWarmup(this IServiceCollection services)
    {
        var state = services.FirstOrDefault(service => service.ServiceType == typeof(StartupWarmupState))?.ImplementationInstance as StartupWarmupState;
        if (state is null)
        {
            state = new StartupWarmupState();
            services.AddSingleton(state);
            services.AddHealthChecks().AddCheck<StartupWarmupCheck>("warm-up");
        }
        state.Expect();
        return state;
    }
}

/// <summary>The readiness side of <see cref="StartupWarmupState"/>.</summary>
public sealed class StartupWarmupCheck(StartupWarmupState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsDone ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("Warming up after start-up."));
}
