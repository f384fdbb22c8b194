using System.Diagnostics;
using System.Globalization;

namespace PapersPlatform.Benchmarks;

/// <summary>
/// Puts processes, every thread of them, on chosen cores (<c>taskset</c>, from util-linux, which
/// every Debian has), so that a benchmark can give the service the same cores whether it is asked
/// directly or through the gateway: in a cluster the gateway runs on cores of its own, on this
/// two-core machine it would otherwise take its CPU from the service it forwards to.
/// </summary>
internal static class CorePinning
{
    /// <summary>Every core of the machine, as taskset writes a list.</summary>
    public static string AllCores { get; } = $"0-{Environment.ProcessorCount - 1}";

    /// <summary>The first half of the cores (core 0 of two).</summary>
    public static string FirstHalf { get; } = $"0-{(Environment.ProcessorCount / 2) - 1}";

    /// <summary>The other half (core 1 of two).</summary>
    public static string SecondHalf { get; } = $"{Environment.ProcessorCount / 2}-{Environment.ProcessorCount - 1}";

    /// <summary>"core 0" for "0-0", "cores 0-3" for "0-3": for the table's header.</summary>
    public static string Describe(string cores) =>
        Expand(cores) is { Count: 1 } one ? $"core {one.Single()}" : $"cores {cores}";

    /// <summary>
    /// Pins each process and every thread it has. A thread started meanwhile by a thread not yet
    /// pinned could escape, so the affinity of every thread is read back and the pinning repeated
    /// until none has.
    /// </summary>
    public static async Task PinAsync(string cores, IEnumerable<int> processIds)
    {
        var processes = processIds.ToArray();
        var wanted = Expand(cores);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            foreach (var processId in processes)
            {
                await TasksetAsync(cores, processId);
            }
            if (processes.All(processId => ThreadAffinities(processId).All(allowed => allowed.SetEquals(wanted))))
            {
                return;
            }
        }
        throw new InvalidOperationException($"Could not keep every thread of processes {string.Join(", ", processes)} on cores {cores}.");
    }

    /// <summary>Every PostgreSQL process: the postmaster (whose new backends inherit its cores) and the backends already open.</summary>
    public static IEnumerable<int> PostgresProcesses() =>
        LinuxProcesses.All().Where(process => process.Name == "postgres").Select(process => process.Id).ToArray();

    private static async Task TasksetAsync(string cores, int processId)
    {
        var start = new ProcessStartInfo("taskset", ["--all-tasks", "--cpu-list", "--pid", cores, processId.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var taskset = Process.Start(start) ?? throw new InvalidOperationException("taskset did not start.");
        var error = await taskset.StandardError.ReadToEndAsync();
        await taskset.StandardOutput.ReadToEndAsync();
        await taskset.WaitForExitAsync();
        // A process that exited meanwhile (a Postgres backend whose connection closed) has nothing left to pin.
        if (taskset.ExitCode != 0 && Directory.Exists($"/proc/{processId}"))
        {
            throw new InvalidOperationException($"taskset could not pin process {processId} to cores {cores}: {error.Trim()}");
        }
    }

    /// <summary>The cores each living thread of the process may run on (Cpus_allowed_list in its status).</summary>
    private static IEnumerable<HashSet<int>> ThreadAffinities(int processId)
    {
        var tasks = $"/proc/{processId}/task";
        if (!Directory.Exists(tasks))
        {
            return [];
        }
        return Directory.EnumerateDirectories(tasks)
            .Select(task => ReadOrNull(Path.Combine(task, "status")))
            .OfType<string>()
            .Select(status => status.Split('\n').Single(line => line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal)))
            .Select(line => Expand(line["Cpus_allowed_list:".Length..].Trim()));
    }

    /// <summary>"0-2,5" → {0, 1, 2, 5}.</summary>
    private static HashSet<int> Expand(string list) =>
        [.. list.Split(',').SelectMany(part =>
        {
            var bounds = part.Split('-').Select(bound => int.Parse(bound, CultureInfo.InvariantCulture)).ToArray();
            return Enumerable.Range(bounds[0], bounds[^1] - bounds[0] + 1);
        })];

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null; // the process or thread is gone meanwhile
        }
    }
}
