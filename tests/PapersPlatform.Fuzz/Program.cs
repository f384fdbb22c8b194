using System.Globalization;
using PapersPlatform.Testing;
using PapersPlatform.Testing.Fuzzing;

// deploy/fuzz.sh [--requests 20000] [--seed 1] [--concurrency 8]
// Starts the platform, sends hostile requests for every operation of the public API through the
// gateway, and prints what came back per operation; exits 1 on any 5xx, dropped connection,
// 4xx that is not problem+json, leaked framework message, or row written by a refused request.
var options = new Dictionary<string, int> { ["--requests"] = 20_000, ["--seed"] = 1, ["--concurrency"] = 8 };
for (var index = 0; index < args.Length; index += 2)
{
    if (!options.ContainsKey(args[index]) || index + 1 >= args.Length || !int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value))
    {
        Console.Error.WriteLine($"Unknown or incomplete option '{args[index]}'. Options: {string.Join(", ", options.Keys)}.");
        return 2;
    }
    options[args[index]] = value;
}

var platform = new PlatformFixture();
await platform.InitializeAsync();
try
{
    var verdict = await FuzzRun.RunAsync(platform.GatewayAddress, options["--seed"], options["--requests"], options["--concurrency"]);
    var report = FuzzRun.Render(verdict, options["--seed"]);
    Console.WriteLine(report);
    Directory.CreateDirectory(Path.Combine(TestEnvironment.RepositoryRoot, "TestResults"));
    await File.WriteAllTextAsync(Path.Combine(TestEnvironment.RepositoryRoot, "TestResults", "fuzz.md"), report);
    return verdict.IsClean ? 0 : 1;
}
finally
{
    await platform.DisposeAsync();
}
