using Npgsql;

namespace PapersPlatform.Benchmarks;

/// <summary>Loads rows [from, to) with binary COPY over two connections (one per core), then refreshes the planner's statistics.</summary>
internal static class BinaryCopy
{
    public static async Task LoadAsync(string connectionString, string table, string copy, int from, int to, Func<NpgsqlBinaryImporter, int, Task> writeRow)
    {
        var middle = from + (to - from) / 2;
        await Task.WhenAll(CopyAsync(connectionString, copy, from, middle, writeRow), CopyAsync(connectionString, copy, middle, to, writeRow));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var analyze = new NpgsqlCommand($"VACUUM ANALYZE {table}", connection) { CommandTimeout = 0 };
        await analyze.ExecuteNonQueryAsync();
    }

    private static async Task CopyAsync(string connectionString, string copy, int from, int to, Func<NpgsqlBinaryImporter, int, Task> writeRow)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var writer = await connection.BeginBinaryImportAsync(copy);
        writer.Timeout = TimeSpan.FromHours(1);
        for (var index = from; index < to; index++)
        {
            await writer.StartRowAsync();
            await writeRow(writer, index);
        }
        await writer.CompleteAsync();
    }
}
