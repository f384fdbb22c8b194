using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>Bulk import through the gateway: JSON Lines and arXiv Atom, with per-item counts, and its command-line client.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ImportTests(PlatformFixture platform)
{
    [Fact]
    public async Task ImportJsonLines_CountsAcceptedDuplicateAndInvalidItems()
    {
        using var client = platform.CreateClient();
        await client.SignInAsImporterAsync();
        var existing = TestHelpers.UniqueArxivId();
        (await client.SubmitPaperAsync(existing)).Dispose();
        var fresh = Enumerable.Range(0, 3).Select(_ => TestHelpers.UniqueArxivId()).ToArray();
        var lines = new[]
        {
            Line(fresh[0]), Line(fresh[1]), Line($"arXiv:{fresh[2]}v4"),
            Line(fresh[0]),            // repeated in the file
            Line(existing),            // already on the platform
            Line("not-an-id"),         // invalid field
            "{ \"arxivId\": ",         // not JSON
        };

        var report = await ImportAsync(client, string.Join('\n', lines), "application/x-ndjson");

        Assert.Equal(7, report.GetProperty("received").GetInt32());
        Assert.Equal(3, report.GetProperty("accepted").GetInt32());
        Assert.Equal(2, report.GetProperty("duplicates").GetInt32());
        Assert.Equal(2, report.GetProperty("invalid").GetInt32());
        var problems = report.GetProperty("problems").EnumerateArray().ToArray();
        Assert.Equal([6, 7], problems.Select(problem => problem.GetProperty("item").GetInt32()));
        Assert.True(problems[0].GetProperty("errors").TryGetProperty("arxivId", out _), problems[0].ToString());
        foreach (var arxivId in fresh)
        {
            var paper = await client.WaitForPaperAsync(arxivId);
            Assert.Equal(PlatformFixture.ImporterName, paper.GetProperty("submittedBy").GetString());
        }
    }

    [Fact]
    public async Task ImportArxivAtom_StoresEntriesWithAffiliationAndVersionStripped()
    {
        using var client = platform.CreateClient();
        await client.SignInAsImporterAsync();
        var (first, second) = (TestHelpers.UniqueArxivId(), TestHelpers.UniqueArxivId());
        var atom = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
              <title>arXiv Query</title>
              <entry>
                <id>http://arxiv.org/abs/{first}v2</id>
                <published>2024-05-20T17:59:59Z</published>
                <title>Wrapped   title
                  over two lines</title>
                <summary>  An abstract.
            </summary>
                <author><name>Ada Lovelace</name><arxiv:affiliation>Analytical Engine Society</arxiv:affiliation></author>
                <author><name>Alan Turing</name></author>
              </entry>
              <entry>
                <id>http://arxiv.org/abs/{second}v1</id>
                <published>2024-05-21T10:00:00Z</published>
                <title>Second</title>
                <summary>Another abstract.</summary>
                <author><name>Grace Hopper</name></author>
              </entry>
            </feed>
            """;

        var report = await ImportAsync(client, atom, "application/atom+xml");

        Assert.Equal(2, report.GetProperty("accepted").GetInt32());
        var paper = await client.WaitForPaperAsync(first);
        Assert.Equal("Wrapped title over two lines", paper.GetProperty("title").GetString());
        Assert.Equal("Analytical Engine Society", paper.GetProperty("organization").GetString());
        Assert.Equal(2, paper.GetProperty("authors").GetArrayLength());
        Assert.Equal(new DateTimeOffset(2024, 5, 20, 17, 59, 59, TimeSpan.Zero), paper.GetProperty("publishedAt").GetDateTimeOffset());
        await client.WaitForPaperAsync(second);
    }

    [Fact]
    public async Task ImportMalformedAtom_Is400AndStoresNothing()
    {
        using var client = platform.CreateClient();
        await client.SignInAsImporterAsync();
        var arxivId = TestHelpers.UniqueArxivId();
        var broken = $"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>http://arxiv.org/abs/{arxivId}</id><title>T</title><summary>S</summary><published>2024-01-01T00:00:00Z</published><author><name>A</name></author></entry><entry>";

        using var response = await PostAsync(client, broken, "application/atom+xml");

        await response.EnsureStatusAsync(HttpStatusCode.BadRequest);
        // A well-formed retry of the same paper is accepted: nothing was stored from the broken file.
        var retry = await ImportAsync(client, Line(arxivId), "application/x-ndjson");
        Assert.Equal(1, retry.GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task Import_ByAnOrdinaryUser_Is403_AndUnknownFormatIs415()
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();
        using var forbidden = await PostAsync(client, Line(TestHelpers.UniqueArxivId()), "application/x-ndjson");
        await forbidden.EnsureStatusAsync(HttpStatusCode.Forbidden);

        using var importer = platform.CreateClient();
        await importer.SignInAsImporterAsync();
        using var unsupported = await PostAsync(importer, "a,b,c", "text/csv");
        await unsupported.EnsureStatusAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task CommandLineClient_ImportsAFileInBatchesAndReportsTotals()
    {
        using var client = platform.CreateClient();
        await client.SignInAsImporterAsync();
        var ids = Enumerable.Range(0, 25).Select(_ => TestHelpers.UniqueArxivId()).ToArray();
        var file = Path.Combine(Path.GetTempPath(), $"import-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(file, [.. ids.Select(Line), Line("bad")]);
        var token = client.Http.DefaultRequestHeaders.Authorization!.Parameter!;

        var (exitCode, output, errors) = await RunCliAsync(token, file, "--batch", "10");

        Assert.Equal(3, exitCode); // some items were invalid
        Assert.Contains("26 papers in", output, StringComparison.Ordinal);
        Assert.Contains("25 accepted, 0 duplicate, 1 invalid", output, StringComparison.Ordinal);
        Assert.Contains("item 26", output, StringComparison.Ordinal);
        Assert.Contains("100%", errors, StringComparison.Ordinal); // the progress bar, on stderr
        await client.WaitForPaperAsync(ids[^1]);
        File.Delete(file);
    }

    [Fact]
    public async Task CommandLineClient_WrongPassword_SaysSoWithoutAStackTrace()
    {
        var file = Path.Combine(Path.GetTempPath(), $"import-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(file, [Line(TestHelpers.UniqueArxivId())]);

        var (exitCode, _, errors) = await RunCliAsync(null, file, "--user", PlatformFixture.ImporterName, "--password", "not-the-password");

        Assert.Equal(1, exitCode);
        Assert.Contains("signing in as importer failed: 401", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", errors, StringComparison.Ordinal);
        File.Delete(file);
    }

    private static string Line(string arxivId) => JsonSerializer.Serialize(new
    {
        arxivId,
        title = $"Imported {arxivId}",
        @abstract = "Imported in bulk.",
        authors = new[] { "Ada Lovelace" },
        publishedAt = "2024-05-01T00:00:00Z",
    });

    private static async Task<HttpResponseMessage> PostAsync(GatewayClient client, string body, string contentType) =>
        await client.Http.PostAsync("/api/papers/import", new StringContent(body, Encoding.UTF8, contentType));

    private static async Task<JsonElement> ImportAsync(GatewayClient client, string body, string contentType)
    {
        using var response = await PostAsync(client, body, contentType);
        await response.EnsureStatusAsync(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<(int ExitCode, string Output, string Errors)> RunCliAsync(string? token, params string[] arguments)
    {
        var cli = Path.Combine(TestEnvironment.RepositoryRoot, "tools", "PapersPlatform.Import", "bin", TestEnvironment.Configuration, "net10.0", "papers-import.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(cli);
        foreach (var argument in arguments.Prepend(platform.GatewayAddress.ToString()).Prepend("--gateway"))
        {
            start.ArgumentList.Add(argument);
        }
        if (token is not null)
        {
            start.Environment["PAPERS_TOKEN"] = token;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await errors);
    }
}
