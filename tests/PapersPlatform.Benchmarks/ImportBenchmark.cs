using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using PapersPlatform.Testing;

namespace PapersPlatform.Benchmarks;

/// <summary>
/// Issue #4's import figure: a JSON Lines file of N papers sent with the papers-import client
/// through the gateway, timed until accepted, and until every paper is in the catalogue and in
/// trending (the outbox relay and both consumers included).
/// </summary>
internal static class ImportBenchmark
{
    public static async Task<string> RunAsync(PlatformFixture platform, int count)
    {
        var papers = new SyntheticPapers(new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1), TimeSpan.Zero), idYearOffset: 20);
        var file = Path.Combine(Path.GetTempPath(), $"benchmark-import-{count}.jsonl");
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, count).Select(index => Line(papers.Create(index))));

        using var client = platform.CreateClient();
        await client.SignInAsImporterAsync();
        var clock = Stopwatch.StartNew();
        var cliOutput = await RunClientAsync(platform.GatewayAddress, client.Http.DefaultRequestHeaders.Authorization!.Parameter!, file);
        var imported = clock.Elapsed;
        Console.WriteLine(cliOutput);

        TimeSpan? inCatalogue = null, inTrending = null;
        await using var database = new NpgsqlConnection(TestEnvironment.DatabaseAdmin);
        await database.OpenAsync();
        while ((inCatalogue is null || inTrending is null) && clock.Elapsed < TimeSpan.FromMinutes(30))
        {
            inCatalogue ??= await CountAsync(database, "catalogue.papers") >= count ? clock.Elapsed : null;
            inTrending ??= await CountAsync(database, "trending.papers") >= count ? clock.Elapsed : null;
            await Task.Delay(500);
        }
        File.Delete(file);

        return string.Create(CultureInfo.InvariantCulture, $"""
            Bulk import of {count:N0} papers (JSON Lines, papers-import client, batches of 1,000, through the gateway):

            | step | seconds after start | papers/s |
            |---|---:|---:|
            | all accepted by ingestion (stored + outbox) | {imported.TotalSeconds:N1} | {count / imported.TotalSeconds:N0} |
            | all visible in the catalogue | {Seconds(inCatalogue)} | {Rate(count, inCatalogue)} |
            | all scored by trending | {Seconds(inTrending)} | {Rate(count, inTrending)} |
            """);
    }

    private static string Line(Paper paper) => JsonSerializer.Serialize(new
    {
        arxivId = paper.ArxivId,
        title = paper.Title,
        @abstract = paper.Abstract,
        authors = paper.Authors,
        organization = paper.Organization,
        publishedAt = paper.PublishedAt,
    });

    private static async Task<string> RunClientAsync(Uri gateway, string token, string file)
    {
        var cli = Path.Combine(TestEnvironment.RepositoryRoot, "tools", "PapersPlatform.Import", "bin", TestEnvironment.Configuration, "net10.0", "papers-import.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true };
        foreach (var argument in new[] { cli, file, "--gateway", gateway.ToString() })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["PAPERS_TOKEN"] = token;
        using var process = Process.Start(start)!; // the progress bar goes to this console's stderr
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"papers-import exited with {process.ExitCode}: {output}");
    }

    private static async Task<long> CountAsync(NpgsqlConnection database, string table)
    {
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", database);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string Seconds(TimeSpan? elapsed) => elapsed is { } value ? value.TotalSeconds.ToString("N1", CultureInfo.InvariantCulture) : "not within 30 min";

    private static string Rate(int count, TimeSpan? elapsed) => elapsed is { } value ? (count / value.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture) : "–";
}
