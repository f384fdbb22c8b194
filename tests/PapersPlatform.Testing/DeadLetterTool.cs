using System.Diagnostics;

namespace PapersPlatform.Testing;

/// <summary>deploy/scripts/replay-dead-letters.sh, run as an operator would, against this run's broker and database.</summary>
public static class DeadLetterTool
{
    /// <summary>Runs the script with <paramref name="arguments"/>; fails the test unless it exits 0, and returns what it printed.</summary>
    public static async Task<string> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "scripts", "replay-dead-letters.sh"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["RABBITMQ_MANAGEMENT_URL"] = TestEnvironment.RabbitMqManagement;
        start.Environment["PGHOST"] = TestEnvironment.PostgresDirectory;
        start.Environment["PGPORT"] = TestEnvironment.DatabasePort;
        start.Environment["PGUSER"] = "postgres";
        start.Environment["PGDATABASE"] = TestEnvironment.DatabaseName;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Xunit.Assert.True(process.ExitCode == 0, output);
        return output;
    }
}
