namespace PapersPlatform.Testing.Fuzzing;

/// <summary>
/// The rows a request from outside can create, counted per table, and which operations may write
/// each: a table that changed while none of its operations was accepted was written by a
/// rejected request.
/// </summary>
public static class WrittenState
{
    private static readonly (string Table, string[] WrittenBy)[] Tables =
    [
        ("accounts.users", ["POST /api/accounts"]),
        ("ingestion.submissions", ["POST /api/papers", "POST /api/papers/import"]),
        ("catalogue.votes", ["POST /api/papers/{arxivId}/upvote", "DELETE /api/papers/{arxivId}/upvote",
            "POST /api/papers/{archive}/{number}/upvote", "DELETE /api/papers/{archive}/{number}/upvote"]),
        ("notification.subscriptions", ["PUT /api/subscriptions", "GET /api/subscriptions/unsubscribe", "POST /api/subscriptions/unsubscribe"]),
    ];

    public static async Task<IReadOnlyDictionary<string, long>> CountAsync()
    {
        var counts = new Dictionary<string, long>();
        foreach (var (table, _) in Tables)
        {
            counts[table] = await AdminDatabase.ScalarAsync<long>($"SELECT count(*) FROM {table}");
        }
        return counts;
    }

    /// <summary>Tables that changed although no operation that writes them answered 2xx, with the change.</summary>
    public static IReadOnlyList<string> ChangedByRejected(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after,
        IReadOnlyList<FuzzResult> results)
    {
        var accepted = results.Where(result => result.Status is >= 200 and < 300).Select(result => result.Case.Operation.Name).ToHashSet();
        return [.. Tables
            .Where(table => after[table.Table] != before[table.Table] && !table.WrittenBy.Any(accepted.Contains))
            .Select(table => $"{table.Table}: {before[table.Table]:N0} rows before, {after[table.Table]:N0} after, with no accepted write")];
    }
}
