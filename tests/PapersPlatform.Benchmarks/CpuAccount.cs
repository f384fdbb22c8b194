namespace PapersPlatform.Benchmarks;

/// <summary>
/// CPU time used so far by every part of the run: the benchmark itself, each platform process,
/// and Postgres and RabbitMQ (all their processes, read from /proc), so that a figure can say
/// where a vote's time goes.
/// </summary>
internal sealed record CpuAccount(IReadOnlyDictionary<string, TimeSpan> Used)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static CpuAccount Read(PapersPlatform.Testing.PlatformFixture platform)
    {
        var used = new Dictionary<string, TimeSpan>();
        using (var self = System.Diagnostics.Process.GetCurrentProcess())
        {
            used["benchmark"] = self.TotalProcessorTime;
        }
        foreach (var process in platform.Processes)
        {
            used[process.Name] = process.CpuTime;
        }
        used["postgres"] = TimeSpan.Zero;
        used["rabbitmq"] = TimeSpan.Zero;
        foreach (var process in LinuxProcesses.All())
        {
            var part = process.Name switch
            {
                "postgres" => "postgres",
                "beam.smp" => "rabbitmq",
                _ => null,
            };
            if (part is null)
            {
                continue;
            }
            // utime, stime (fields 14 and 15 of the line, 11 and 12 after the name), and cutime,
            // cstime: what its exited children used (the postmaster reaps its backends, so a
            // connection that closed meanwhile is still counted).
            var fields = process.StatFields;
            var ticks = long.Parse(fields[11]) + long.Parse(fields[12]) + long.Parse(fields[13]) + long.Parse(fields[14]);
            used[part] += TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        return new CpuAccount(used);
    }

    /// <summary>What this process's exited, reaped children used (a tool it ran and waited for, such as papers-import).</summary>
    public static TimeSpan ReapedChildren()
    {
        var fields = LinuxProcesses.OwnStatFields();
        return TimeSpan.FromSeconds((long.Parse(fields[13]) + long.Parse(fields[14])) / TicksPerSecond);
    }

    /// <summary>Milliseconds of CPU each part used since <paramref name="before"/>, per <paramref name="count"/>.</summary>
    public IReadOnlyDictionary<string, double> PerItemSince(CpuAccount before, int count) =>
        Used.ToDictionary(pair => pair.Key, pair => (pair.Value - before.Used.GetValueOrDefault(pair.Key)).TotalMilliseconds / Math.Max(1, count));
}
