using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PapersPlatform.ServiceDefaults;

/// <summary>Whether the service's start-up warm-up has run: until then <c>/health</c> says it is not ready, so no traffic is sent its way.</summary>
public sealed class StartupWarmupState
{
    private volatile bool _done;

    public bool IsDone => _done;

    public void Done() => _done = true;
}

/// <summary>The readiness side of <see cref="StartupWarmupState"/>.</summary>
public sealed class StartupWarmupCheck(StartupWarmupState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsDone ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("Warming up after start-up."));
}
