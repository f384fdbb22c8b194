namespace PapersPlatform.Testing.Fuzzing;

/// <summary>
/// What a request from outside can write, as one digest of every row per table (so an update or
/// an insert and a delete that cancel out show too), and which operations may write each table: a
/// table that changed while none of its operations was accepted was written by a refused request.
/// </summary>
public static class WrittenState
{
    private static readonly (string Table, string[] WrittenBy)[] Tables =
    [
        ("accounts.users", ["POST /api/accounts"]),
        ("ingestion.submissions", ["POST /api/papers", "POST /api/papers/import"]),
        ("catalogue.votes", ["POST /api/papers/{arxivId}/upvote", "DELETE /api/papers/{arxivId}/upvote",
            "POST /api/papers/{archive}/{number}/upvote", "DELETE /api/papers/{archive}/{number}/upvote"]),
        ("notification.subscriptions", ["PUT /api/subscriptions", "POST /api/subscriptions/unsubscribe", "POST /api/subscriptions/confirm"]),
        ("notification.keyword_alerts", ["PUT /api/subscriptions", "POST /api/subscriptions/unsubscribe"]),
    ];

    public static async Task<IReadOnlyDictionary<string, string>> DigestAsync()
    {
        var digests = new Dictionary<string, string>();
        foreach (var (table, _) in Tables)
        {
            digests[table] = await AdminDatabase.ScalarAsync<string>($"SELECT count(*) || ':' || coalesce(md5(string_agg(row::text, ',' ORDER BY row::text)), '') FROM {table} row") ?? "";
        }
        return digests;
    }

    /// <summary>Tables that changed although no operation that writes them answered 2xx, with the change.</summary>
    public static IReadOnlyList<string> ChangedByRejected(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after,
        IReadOnlyList<FuzzResult> results)
    {
        var accepted = results.Where(result => result.Status is >= 200 and < 300).Select(result => result.Case.Operation.Name).ToHashSet();
        return [.. Tables
            .Where(table => after[table.Table] != before[table.Table] && !table.WrittenBy.Any(accepted.Contains))
            .Select(table => $"{table.Table} changed ({Rows(before[table.Table])} rows before, {Rows(after[table.Table])} after) with no accepted write")];
    }

    private static string Rows(string digest) => digest.Split(':')[0];
}
