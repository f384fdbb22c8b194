namespace PapersPlatform.Benchmarks;

/// <summary>The machine a figure was measured on, printed with every table.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"Machine: {Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {memory:N0} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.";
    }
}
