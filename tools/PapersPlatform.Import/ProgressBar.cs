using System.Diagnostics;
using System.Globalization;

namespace PapersPlatform.Import;

/// <summary>One line on stderr, redrawn in place: bar, percentage, count, rate and the running totals.</summary>
internal sealed class ProgressBar(int total)
{
    private const int Width = 30;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Draw(int done, ImportTotals totals)
    {
        var fraction = total == 0 ? 1 : (double)done / total;
        var filled = (int)Math.Round(fraction * Width);
        var rate = done / Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"\r[{new string('#', filled)}{new string('.', Width - filled)}] {fraction * 100,3:0}% {done:N0}/{total:N0} · {rate:N0} papers/s · accepted {totals.Accepted:N0} · duplicate {totals.Duplicates:N0} · invalid {totals.Invalid:N0}");
        Console.Error.Write(line);
    }

    public static void Finish() => Console.Error.WriteLine();
}
