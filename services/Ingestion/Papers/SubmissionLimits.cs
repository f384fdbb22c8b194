namespace PapersPlatform.Ingestion.Papers;

/// <summary>The "Submissions" configuration section: what a community site needs to stay a community.</summary>
public sealed class SubmissionLimits
{
    public const string Section = "Submissions";

    /// <summary>Papers one user may submit per UTC day; past it the answer is 429 with Retry-After.</summary>
    public int DailyPerUser { get; set; } = 50;

    /// <summary>
    /// Accounts allowed to bulk-import (operators and feed bots). They are exempt from the daily
    /// limit; nobody is an importer unless configured.
    /// </summary>
    public List<string> Importers { get; set; } = [];

    public bool IsImporter(string userName) => Importers.Contains(userName, StringComparer.Ordinal);
}
