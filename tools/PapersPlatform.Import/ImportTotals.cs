using System.Text.Json;

namespace PapersPlatform.Import;

/// <summary>The sum of the gateway's import reports, and the first problems it explained.</summary>
internal sealed class ImportTotals
{
    public int Accepted { get; private set; }
    public int Duplicates { get; private set; }
    public int Invalid { get; private set; }
    public List<string> Problems { get; } = [];

    /// <summary>Adds one batch's report; item numbers are made file-wide by <paramref name="offset"/>.</summary>
    public void Add(JsonElement report, int offset)
    {
        Accepted += report.GetProperty("accepted").GetInt32();
        Duplicates += report.GetProperty("duplicates").GetInt32();
        Invalid += report.GetProperty("invalid").GetInt32();
        foreach (var problem in report.GetProperty("problems").EnumerateArray())
        {
            if (Problems.Count < 20)
            {
                var item = offset + problem.GetProperty("item").GetInt32();
                Problems.Add($"item {item} ({problem.GetProperty("arxivId")}): {problem.GetProperty("errors")}");
            }
        }
    }
}
