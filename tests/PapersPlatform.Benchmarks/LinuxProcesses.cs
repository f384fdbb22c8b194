using System.Globalization;

namespace PapersPlatform.Benchmarks;

/// <summary>The processes <c>/proc</c> lists, read as they are now (Linux only, as the platform's runs are).</summary>
internal static class LinuxProcesses
{
    /// <summary>One process: its id, its command name, and the fields of its stat line after the name (state first).</summary>
    public sealed record Entry(int Id, string Name, string[] StatFields);

    /// <summary>Every process; one that exits while it is read is left out.</summary>
    public static IEnumerable<Entry> All()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var id))
            {
                continue; // not a process: /proc/sys, /proc/self …
            }
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue; // gone meanwhile
            }
            if (Parse(stat) is { } parsed)
            {
                yield return new Entry(id, parsed.Name, parsed.Fields);
            }
        }
    }

    /// <summary>This process's own stat fields after its name.</summary>
    public static string[] OwnStatFields() =>
        Parse(File.ReadAllText("/proc/self/stat"))?.Fields ?? throw new InvalidOperationException("/proc/self/stat could not be read.");

    // "pid (comm) state ...": the name may hold spaces and parentheses, so it ends at the last ')'.
    private static (string Name, string[] Fields)? Parse(string stat)
    {
        var open = stat.IndexOf('(');
        var close = stat.LastIndexOf(')');
        return open < 0 || close < 0 ? null : (stat[(open + 1)..close], stat[(close + 2)..].Split(' '));
    }
}
