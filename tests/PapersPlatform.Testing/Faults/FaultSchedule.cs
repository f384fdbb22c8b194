using System.Diagnostics;

namespace PapersPlatform.Testing.Faults;

/// <summary>
/// Crashes things while the workload runs: kill -9 of RabbitMQ, kill -9 of each consuming
/// service, a crash of PostgreSQL (each outage with a consumer starting while the server is away,
/// as start-up order must not matter); then heals.
/// </summary>
public sealed class FaultSchedule(PlatformFixture platform, TimeSpan pause, int rounds)
{
    public static readonly string[] Consumers = ["catalogue", "trending", "notification"];

    public List<string> Log { get; } = [];

    public Dictionary<string, int> Counts { get; } = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < rounds && !cancellationToken.IsCancellationRequested; round++)
        {
            await Task.Delay(pause, cancellationToken);
            await FaultAsync("rabbitmq kill -9", clock, async () =>
            {
                await Servers.KillRabbitMqAsync();
                await RestartConsumerAsync(Consumers[round % Consumers.Length]);
                await Task.Delay(pause, cancellationToken);
                await Servers.StartRabbitMqAsync();
            });
            foreach (var consumer in Consumers)
            {
                await Task.Delay(pause, cancellationToken);
                await FaultAsync($"{consumer} kill -9", clock, async () =>
                {
                    await Process(consumer).KillAsync();
                    await Task.Delay(pause / 2, cancellationToken);
                    Process(consumer).Start();
                });
            }
            await Task.Delay(pause, cancellationToken);
            await FaultAsync("postgres crash", clock, async () =>
            {
                await Servers.CrashPostgresAsync();
                await RestartConsumerAsync(Consumers[(round + 1) % Consumers.Length]);
                await Task.Delay(pause, cancellationToken);
                await Servers.StartPostgresAsync();
            });
        }
    }

    private async Task FaultAsync(string name, Stopwatch clock, Func<Task> fault)
    {
        var started = clock.Elapsed;
        await fault();
        Log.Add($"{started.TotalSeconds,6:F1} s  {name} (healed after {(clock.Elapsed - started).TotalSeconds:F1} s, at {DateTime.UtcNow:HH:mm:ss.f})");
        Counts[name] = Counts.GetValueOrDefault(name) + 1;
    }

    /// <summary>Start order must not matter: a consumer (re)starts while a server it needs is away.</summary>
    private async Task RestartConsumerAsync(string name)
    {
        await Process(name).KillAsync();
        Process(name).Start();
    }

    private ServiceProcess Process(string name) => platform.Processes.Single(process => process.Name == name);
}
