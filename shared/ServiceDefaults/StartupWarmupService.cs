using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PapersPlatform.ServiceDefaults;

/// <summary>
/// A warm-up run once at start-up, registered with <see cref="StartupWarmups.AddStartupWarmup{TWarmup}"/>:
/// readiness waits until <see cref="WarmUpAsync"/> has ended, however it ended. A failure is
/// logged and named in <c>/health</c>'s <c>warm-up</c> entry and changes nothing else (a warm-up
/// only saves time). What may take longer, or wait for another service, goes in
/// <see cref="AfterReadyAsync"/>: best effort, beside readiness.
/// </summary>
public abstract partial class StartupWarmupService(StartupWarmupState state, ILogger logger) : BackgroundService
{
    /// <summary>What is warmed up, as <c>/health</c> names it when it failed ("token checks").</summary>
    protected abstract string Name { get; }

    /// <summary>The work readiness waits for.</summary>
    protected abstract Task WarmUpAsync(CancellationToken cancellationToken);

    /// <summary>Best-effort work after the service is ready; nothing waits for it.</summary>
    protected virtual Task AfterReadyAsync(CancellationToken stoppingToken) => Task.CompletedTask;

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // the host's start does not wait for the warm-up
        try
        {
            await WarmUpAsync(stoppingToken);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            return; // the host is stopping: nobody asks for readiness any more
        }
        catch (Exception exception)
        {
            LogWarmupFailed(logger, Name, exception);
            state.Done(failed: Name);
            return;
        }
        state.Done();
        await AfterReadyAsync(stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The start-up warm-up of {Warmup} failed; what it warms up will be slower the first time")]
    private static partial void LogWarmupFailed(ILogger logger, string warmup, Exception exception);
}
