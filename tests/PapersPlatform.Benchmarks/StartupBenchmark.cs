using System.Diagnostics;
using System.Globalization;
using System.Text;
using PapersPlatform.Testing;

namespace PapersPlatform.Benchmarks;

/// <summary>
/// The first submission after a start (docs/performance.md, "Submit → visible"), with every
/// process run from its build output (compiled by the JIT as it runs) and from a ReadyToRun
/// publish (compiled ahead of time, as the images are built), the two taking turns over several
/// starts of the whole platform: one start gives one first submission, and the machine drifts.
/// Each start is timed until the gateway finds every service ready, then one user signs up and
/// submits two papers, each timed until answered and until visible in the catalogue.
/// </summary>
internal static class StartupBenchmark
{
    private sealed record Start(TimeSpan Ready, SubmissionTiming First, SubmissionTiming Second);

    public static async Task<string> RunAsync(int starts, IReadOnlyDictionary<string, string> settings)
    {
        // The very first start migrates every schema; it is not counted.
        await MeasureAsync(readyToRun: false, index: 0, settings);
        var results = new Dictionary<bool, List<Start>> { [false] = [], [true] = [] };
        var index = 1;
        for (var round = 0; round < starts; round++)
        {
            // Each round starts with the other kind, so that neither always follows the same one.
            foreach (var readyToRun in round % 2 == 0 ? new[] { false, true } : [true, false])
            {
                var start = await MeasureAsync(readyToRun, index++, settings);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Kind(readyToRun)}: ready after {start.Ready.TotalSeconds:N1} s; first submission answered in {start.First.AnswerMs:N0} ms, visible after {start.First.VisibleMs:N0} ms; the second {start.Second.AnswerMs:N0} / {start.Second.VisibleMs:N0} ms"));
                results[readyToRun].Add(start);
            }
        }
        return Render(starts, results[false], results[true]);
    }

    private static async Task<Start> MeasureAsync(bool readyToRun, int index, IReadOnlyDictionary<string, string> settings)
    {
        var platform = new PlatformFixture { KeepMails = false, Settings = settings, ReadyToRun = readyToRun };
        try
        {
            var clock = Stopwatch.StartNew();
            await platform.InitializeAsync();
            var ready = clock.Elapsed;
            var newestDay = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1), TimeSpan.Zero);
            // Papers of a year of their own per start: no start submits another's.
            await using var sampler = new SubmissionSampler(platform, new SyntheticPapers(newestDay, idYearOffset: 30 + index));
            var first = await sampler.SubmitAsync(waitUntilVisible: true);
            var second = await sampler.SubmitAsync(waitUntilVisible: true);
            return new Start(ready, first, second);
        }
        finally
        {
            await platform.DisposeAsync();
        }
    }

    private static string Kind(bool readyToRun) => readyToRun ? "ReadyToRun publish" : "build output (JIT)";

    private static string Render(int starts, List<Start> jit, List<Start> readyToRun)
    {
        static string Figures(List<Start> runs, Func<Start, double> figure, string format) =>
            $"{Statistics.Median(runs.Select(figure)).ToString(format, CultureInfo.InvariantCulture)} ({string.Join(", ", runs.Select(run => figure(run).ToString(format, CultureInfo.InvariantCulture)))})";
        static string Ratio(List<Start> jit, List<Start> readyToRun, Func<Start, double> figure) =>
            (Statistics.Median(readyToRun.Select(figure)) / Statistics.Median(jit.Select(figure))).ToString("N2", CultureInfo.InvariantCulture);

        (Func<Start, double> Figure, string Format)[] columns =
        [
            (start => start.Ready.TotalSeconds, "N1"),
            (start => start.First.AnswerMs, "N0"),
            (start => start.First.VisibleMs!.Value, "N0"),
            (start => start.Second.AnswerMs, "N0"),
            (start => start.Second.VisibleMs!.Value, "N0"),
        ];
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"The first submissions after a start of the whole platform, {starts} starts of each kind taking turns (median, then each start; through the gateway; visible = committed in the catalogue's table; target for the first: visible ≤ 300 ms):");
        table.AppendLine();
        table.AppendLine("| processes run from | start → every service ready, s | first submission answered, ms | first submission visible, ms | second answered, ms | second visible, ms |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (kind, runs) in new[] { (Kind(false), jit), (Kind(true), readyToRun) })
        {
            table.AppendLine($"| {kind} | {string.Join(" | ", columns.Select(column => Figures(runs, column.Figure, column.Format)))} |");
        }
        table.AppendLine($"| ReadyToRun ÷ JIT (medians) | {string.Join(" | ", columns.Select(column => Ratio(jit, readyToRun, column.Figure)))} |");
        return table.ToString();
    }
}
