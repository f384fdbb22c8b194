using System.Diagnostics;

namespace PapersPlatform.Testing;

/// <summary>
/// Crashes and restarts the run's PostgreSQL and RabbitMQ, with the same shell functions that
/// started them (deploy/scripts/infra.sh), for the fault tests.
/// </summary>
public static class Servers
{
    public static Task KillRabbitMqAsync() =>
        InfraAsync($"kill_rabbitmq {TestEnvironment.RabbitMqArguments.Split(' ')[0]}");

    /// <summary>Starts the broker again on the same folder, so durable queues and their messages are back.</summary>
    public static Task StartRabbitMqAsync() =>
        InfraAsync($"start_rabbitmq {TestEnvironment.RabbitMqArguments}");

    /// <summary>An immediate stop of PostgreSQL, as a crash would.</summary>
    public static Task CrashPostgresAsync() =>
        InfraAsync($"crash_postgres {TestEnvironment.PostgresDirectory}");

    /// <summary>Starts PostgreSQL again with the options it last ran with.</summary>
    public static Task StartPostgresAsync() =>
        InfraAsync($"restart_postgres {TestEnvironment.PostgresDirectory}");

    private static async Task InfraAsync(string command)
    {
        var script = Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "scripts", "infra.sh");
        var start = new ProcessStartInfo("bash", ["-c", $"source '{script}' && {command}"])
        {
            RedirectStandardError = true,
            // The restarted server must not hold the test runner's output pipes open.
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{command}` failed ({process.ExitCode}): {await errors}");
        }
    }
}
