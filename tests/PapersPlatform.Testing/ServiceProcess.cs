using System.Diagnostics;

namespace PapersPlatform.Testing;

/// <summary>
/// One built service (its Release output, as a real run uses it) running as its own process.
/// Its console output goes to a log file under TestResults so that a failure can be read later.
/// </summary>
public sealed class ServiceProcess(string name, string assemblyPath, IReadOnlyDictionary<string, string> environment) : IAsyncDisposable
{
    private Process? _process;

    public string Name { get; } = name;

    public string LogPath { get; } = Path.Combine(TestEnvironment.RepositoryRoot, "TestResults", "logs", $"{name}.log");

    public void Start()
    {
        if (!File.Exists(assemblyPath))
        {
            throw new FileNotFoundException($"{assemblyPath} is missing: build the solution in {TestEnvironment.Configuration} first (deploy/test.sh does).");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(LogPath)!);
        var start = new ProcessStartInfo("dotnet", [assemblyPath])
        {
            WorkingDirectory = Path.GetDirectoryName(assemblyPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var log = new StreamWriter(LogPath, append: true) { AutoFlush = true };
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, line) => Write(log, line.Data);
        _process.ErrorDataReceived += (_, line) => Write(log, line.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process?.HasExited ?? true;

    /// <summary>The operating system's id of the running process (benchmarks pin it to cores).</summary>
    public int ProcessId => (_process ?? throw new InvalidOperationException($"{Name} is not running.")).Id;

    /// <summary>CPU time (user + system) the process has used since it started: benchmarks divide it by requests.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            var process = _process ?? throw new InvalidOperationException($"{Name} is not running.");
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>Memory the process holds now (its resident set): benchmarks report what an index costs.</summary>
    public long WorkingSetBytes
    {
        get
        {
            var process = _process ?? throw new InvalidOperationException($"{Name} is not running.");
            process.Refresh();
            return process.WorkingSet64;
        }
    }

    /// <summary>kill -9, as a crash or an OOM kill would: no graceful shutdown, nothing flushed.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    /// <summary>kill -STOP: the process keeps its connections open and answers nothing, as a hung service does.</summary>
    public Task FreezeAsync() => SignalAsync("STOP");

    /// <summary>kill -CONT: a frozen process carries on where it stopped.</summary>
    public Task ThawAsync() => SignalAsync("CONT");

    private async Task SignalAsync(string signal)
    {
        var process = _process ?? throw new InvalidOperationException($"{Name} is not running.");
        using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>The last lines the service printed, for failure messages.</summary>
    public string Tail(int lines = 30) =>
        File.Exists(LogPath) ? string.Join(Environment.NewLine, ReadShared(LogPath).TakeLast(lines)) : "(no log)";

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (log)
        {
            log.WriteLine(line);
        }
    }

    private static IEnumerable<string> ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }
        return lines;
    }
}
