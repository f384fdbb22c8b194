using Npgsql;

namespace PapersPlatform.Testing;

/// <summary>
/// A database of its own on the run's PostgreSQL, for a test that must meet neither the running
/// platform's rows nor another test's: created empty, dropped with everything in it.
/// </summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private ScratchDatabase(string name) =>
        (Name, ConnectionString) = (name, new NpgsqlConnectionStringBuilder(TestEnvironment.DatabaseAdmin) { Database = name }.ConnectionString);

    public string Name { get; }

    /// <summary>A superuser connection to it.</summary>
    public string ConnectionString { get; }

    /// <param name="purpose">The start of its name, lower case ("mail_queue_test").</param>
    public static async Task<ScratchDatabase> CreateAsync(string purpose)
    {
        var name = $"{purpose}_{Guid.NewGuid():N}";
        await AdminDatabase.ExecuteAsync($"CREATE DATABASE {name}");
        return new ScratchDatabase(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await AdminDatabase.ExecuteAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }
}
