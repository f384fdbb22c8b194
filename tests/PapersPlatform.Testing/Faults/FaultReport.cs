using System.Globalization;
using System.Text;

namespace PapersPlatform.Testing.Faults;

/// <summary>The printed result of a fault run: the verdict table, throughput and the faults injected.</summary>
public static class FaultReport
{
    public static string Render(Verdict verdict, WorkloadLedger ledger, FaultSchedule faults)
    {
        var clicks = ledger.VoteRequests;
        var requests = ledger.Submissions.Count + clicks;
        var withdrawals = ledger.Votes.Values.Count(history => history.Clicks >= 2);
        var revotes = ledger.Votes.Values.Count(history => history.Clicks == 3);
        var imported = ledger.Submitters.Values.Count(submitter => submitter == PlatformFixture.ImporterName);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"{requests} requests in {ledger.Elapsed.TotalSeconds:F1} s: {ledger.Submissions.Count} papers ({imported} of them imported in bulk), {ledger.Votes.Count} voters' papers with {withdrawals} withdrawals and {revotes} re-votes");
        report.AppendLine(CultureInfo.InvariantCulture, $"the vote stream: {clicks} upvotes and withdrawals in {ledger.VotingElapsed.TotalSeconds:F1} s ({clicks / ledger.VotingElapsed.TotalSeconds:F0}/s, faults included)");
        report.Append(verdict.ToTable());
        report.AppendLine($"attempts answered with an error and retried by the client: {Summary(ledger.RetriedAttempts)}");
        if (!ledger.FailureReasons.IsEmpty)
        {
            report.AppendLine($"last answers of failed requests: {Summary(ledger.FailureReasons)}");
        }
        report.AppendLine("faults: " + string.Join(", ", faults.Counts.Select(fault => $"{fault.Key} ×{fault.Value}")));
        foreach (var line in faults.Log)
        {
            report.AppendLine("  " + line);
        }
        report.AppendLine(verdict.IsClean ? "verdict: nothing lost, nothing twice" : "verdict: FAILED");
        return report.ToString();
    }

    private static string Summary(IEnumerable<string> reasons) =>
        reasons.Any() ? string.Join(", ", reasons.GroupBy(reason => reason).OrderBy(group => group.Key).Select(group => $"{group.Key} ×{group.Count()}")) : "none";

    public static async Task SaveAsync(string fileName, string report)
    {
        var directory = Path.Combine(TestEnvironment.RepositoryRoot, "TestResults");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, fileName), report);
    }
}
