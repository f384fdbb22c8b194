using PapersPlatform.Testing;
using PapersPlatform.Testing.Faults;

// deploy/fault-run.sh [--upvotes 20000] [--papers 400] [--users 200] [--concurrency 16]
//                     [--rate REQUESTS_PER_SECOND] [--rounds 3] [--pause 5]
// Starts the platform, drives the workload while every kind of fault happens --rounds times,
// heals, drains and prints accepted / applied / lost / duplicated with throughput.
var settings = FaultRunSettings.Parse(args);
Console.WriteLine($"Workload: {settings.Workload}; faults: {settings.Rounds} round(s), {settings.Pause.TotalSeconds} s apart");

var platform = new TwoInstancesPlatform();
await platform.InitializeAsync();
try
{
    using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(60));
    var faults = new FaultSchedule(platform, settings.Pause, settings.Rounds);
    var faultRun = faults.RunAsync(stop.Token);
    var ledger = await new Workload(platform.GatewayAddress, settings.Workload).RunAsync(stop.Token);
    await faultRun;
    await platform.WaitUntilHealthyAsync();

    var verdict = await EffectChecker.DrainAsync(ledger, TestEnvironment.DatabaseAdmin, TimeSpan.FromMinutes(3), stop.Token);
    var report = FaultReport.Render(verdict, ledger, faults);
    Console.WriteLine(report);
    await FaultReport.SaveAsync("fault-run.txt", report);
    return verdict.IsClean ? 0 : 1;
}
finally
{
    await platform.DisposeAsync();
}

internal sealed record FaultRunSettings(WorkloadOptions Workload, int Rounds, TimeSpan Pause)
{
    public static FaultRunSettings Parse(string[] args)
    {
        var values = new Dictionary<string, double>
        {
            ["--upvotes"] = 20_000, ["--papers"] = 400, ["--users"] = 200, ["--concurrency"] = 16,
            ["--rate"] = 0, ["--rounds"] = 3, ["--pause"] = 5,
        };
        for (var index = 0; index < args.Length; index += 2)
        {
            if (!values.ContainsKey(args[index]) || index + 1 >= args.Length || !double.TryParse(args[index + 1], out var value))
            {
                throw new ArgumentException($"Unknown or incomplete option '{args[index]}'. Options: {string.Join(", ", values.Keys)}.");
            }
            values[args[index]] = value;
        }
        var workload = new WorkloadOptions((int)values["--users"], (int)values["--papers"], (int)values["--upvotes"], (int)values["--concurrency"],
            values["--rate"] > 0 ? values["--rate"] : null);
        return new FaultRunSettings(workload, (int)values["--rounds"], TimeSpan.FromSeconds(values["--pause"]));
    }
}
