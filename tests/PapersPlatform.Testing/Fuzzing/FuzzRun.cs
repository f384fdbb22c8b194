using System.Globalization;
using System.Text;

namespace PapersPlatform.Testing.Fuzzing;

/// <summary>The verdict of a fuzz run: findings, state changed by rejected requests, and health after.</summary>
public sealed record FuzzVerdict(IReadOnlyList<FuzzResult> Results, IReadOnlyList<string> StateChanges, string HealthAfter, TimeSpan Elapsed)
{
    public IReadOnlyList<FuzzResult> Findings => [.. Results.Where(result => result.Finding != Finding.None)];

    public bool IsClean => Findings.Count == 0 && StateChanges.Count == 0 && HealthAfter == "Healthy";
}

/// <summary>
/// deploy/fuzz.sh and the fuzz test: signs in a user (and the importer), reads the operations from
/// the gateway's OpenAPI documents, counts what requests can write, sends the hostile requests,
/// counts again and asks the gateway whether everything behind it is still healthy.
/// </summary>
public static class FuzzRun
{
    public static async Task<FuzzVerdict> RunAsync(Uri gateway, int seed, int count, int concurrency, CancellationToken cancellation = default)
    {
        using var user = new GatewayClient(gateway);
        await user.SignUpAndSignInAsync("fuzz");
        using var importer = new GatewayClient(gateway);
        await importer.SignInAsImporterAsync();
        var operations = await ApiOperations.LoadAsync(user.Http, cancellation);
        var paperFields = operations.Single(operation => operation.Name == "POST /api/papers").JsonBody
            ?? throw new InvalidOperationException("The ingestion document has no body for POST /api/papers.");
        var identities = new FuzzIdentities(user.Http.DefaultRequestHeaders.Authorization!.Parameter!, importer.Http.DefaultRequestHeaders.Authorization!.Parameter!);

        var started = DateTime.UtcNow;
        var before = await WrittenState.DigestAsync();
        var results = await new Fuzzer(gateway, operations, new HostileRequests(identities, paperFields)).RunAsync(seed, count, concurrency, cancellation);
        // Accepted writes travel on as messages; what a rejected one wrote would already be there.
        var after = await WrittenState.DigestAsync();
        var health = await HealthAsync(gateway, cancellation);
        return new FuzzVerdict(results, WrittenState.ChangedByRejected(before, after, results), health, DateTime.UtcNow - started);
    }

    /// <summary>The gateway's own verdict on itself and every service behind it (Healthy, Degraded, Unhealthy).</summary>
    private static async Task<string> HealthAsync(Uri gateway, CancellationToken cancellation)
    {
        using var http = new HttpClient { BaseAddress = gateway };
        // The passive health checks may have ejected a destination that answered a hostile request slowly: give them their reactivation time.
        for (var attempt = 0; ; attempt++)
        {
            using var response = await http.GetAsync("/health", cancellation);
            var status = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellation)).RootElement.GetProperty("status").GetString()!;
            if (status == "Healthy" || attempt == 30)
            {
                return status;
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
        }
    }

    public static string Render(FuzzVerdict verdict, int seed)
    {
        var results = verdict.Results;
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"{results.Count:N0} hostile requests (seed {seed}) over {results.Select(result => result.Case.Operation.Name).Distinct().Count()} operations in {verdict.Elapsed.TotalSeconds:N0} s:");
        report.AppendLine();
        report.AppendLine("| operation | requests | 2xx | 4xx | 5xx | dropped | not problem+json | leaked internals |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var operation in results.GroupBy(result => result.Case.Operation.Name).OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            report.AppendLine(Row(operation.Key, [.. operation]));
        }
        report.AppendLine(Row("**all**", results));
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Statuses: {string.Join(", ", results.GroupBy(result => result.Status).OrderBy(group => group.Key).Select(group => $"{group.Key}: {group.Count():N0}"))}.");
        report.AppendLine(verdict.StateChanges.Count == 0
            ? "State: no table whose every write was refused changed (a digest of every row, before and after)."
            : $"State changed by refused requests: {string.Join("; ", verdict.StateChanges)}.");
        report.AppendLine(CultureInfo.InvariantCulture, $"Health after the run: {verdict.HealthAfter}.");
        foreach (var finding in verdict.Findings.GroupBy(result => (result.Finding, result.Case.Operation.Name)).Take(40))
        {
            var example = finding.First();
            report.AppendLine(CultureInfo.InvariantCulture, $"- {finding.Key.Finding} ×{finding.Count()} at {finding.Key.Name}, e.g. {example.Case} → {example.Status}: {example.Detail}");
        }
        return report.ToString();
    }

    private static string Row(string name, IReadOnlyCollection<FuzzResult> results) =>
        string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {results.Count:N0} | {results.Count(result => result.Status is >= 200 and < 300):N0} | {results.Count(result => result.Status is >= 400 and < 500):N0} | {results.Count(result => result.Status >= 500):N0} | {Count(results, Finding.Dropped):N0} | {Count(results, Finding.NotProblemJson):N0} | {Count(results, Finding.LeakedInternals):N0} |");

    private static int Count(IEnumerable<FuzzResult> results, Finding finding) => results.Count(result => result.Finding == finding);
}
