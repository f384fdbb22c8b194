using Npgsql;

namespace PapersPlatform.Testing;

/// <summary>
/// Reads (and, for set-ups no API offers, writes) any service's schema as the superuser: tests
/// look at what a consumer stored without going through another service.
/// </summary>
public static class AdminDatabase
{
    /// <summary>The first column of the first row, or default when there is none.</summary>
    public static async Task<T?> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.DatabaseAdmin);
        await connection.OpenAsync();
        await using var command = Command(connection, sql, parameters);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<int> ExecuteAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.DatabaseAdmin);
        await connection.OpenAsync();
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Waits until a consumer has recorded <paramref name="messageId"/> in its inbox: the message is applied and committed.</summary>
    public static Task WaitForInboxAsync(string schema, Guid messageId, string consumer, TimeSpan? timeout = null) =>
        TestHelpers.EventuallyAsync(async () =>
                await ScalarAsync<long>($"SELECT count(*) FROM {schema}.inbox_messages WHERE message_id = $1 AND consumer = $2", messageId, consumer) == 1 ? (bool?)true : null,
            $"{consumer} of {schema} to apply message {messageId}", timeout);

    /// <summary>Waits until the embeddings service has given the paper its vector.</summary>
    public static Task WaitUntilEmbeddedAsync(string arxivId, TimeSpan? timeout = null) =>
        TestHelpers.EventuallyAsync(async () =>
                await ScalarAsync<bool>("SELECT embedded_at IS NOT NULL FROM embeddings.papers WHERE arxiv_id = $1", arxivId) ? (bool?)true : null,
            $"{arxivId} embedded", timeout);

    /// <summary>
    /// The ids of the messages of one kind (PaperUpvoted, PaperEnteredTrending, …) a service has put in
    /// its outbox about a paper, sent or not, oldest first. Written in the same transaction as the
    /// change they announce, so they are exact at once: what a test counts to prove "once".
    /// </summary>
    public static async Task<List<Guid>> OutboxMessageIdsAsync(string schema, string messageName, string arxivId)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.DatabaseAdmin);
        await connection.OpenAsync();
        await using var command = Command(connection,
            $"SELECT message_id FROM {schema}.outbox_messages WHERE message_type LIKE $1 AND body->>'arxivId' = $2 ORDER BY id",
            [$"%.{messageName}, %", arxivId]);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }
        return ids;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        return command;
    }
}
