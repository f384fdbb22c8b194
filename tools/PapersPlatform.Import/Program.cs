// papers-import: bulk-imports a JSON Lines or arXiv Atom file through the gateway.
//   papers-import FILE [--gateway URL] [--user NAME --password PASSWORD | PAPERS_TOKEN=...] [--batch N]
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PapersPlatform.Import;

var options = Arguments.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: papers-import FILE [--gateway http://localhost:8080] [--user importer --password PASSWORD] [--batch 1000]");
    Console.Error.WriteLine("       the token may come from PAPERS_TOKEN instead of --user/--password; FILE is .jsonl/.ndjson or .atom/.xml");
    return 2;
}

using var http = new HttpClient { BaseAddress = options.Gateway, Timeout = TimeSpan.FromMinutes(5) };
var token = Environment.GetEnvironmentVariable("PAPERS_TOKEN") ?? await SignInAsync(http, options.User, options.Password);
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

var file = ImportFile.Open(options.File);
var total = file.Count();
var progress = new ProgressBar(total);
var totals = new ImportTotals();
var done = 0;
progress.Draw(done, totals);
foreach (var (body, papers) in file.Batches(options.BatchSize))
{
    using var content = new ByteArrayContent(body);
    content.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);
    using var response = await http.PostAsync("/api/papers/import", content);
    if (!response.IsSuccessStatusCode)
    {
        ProgressBar.Finish();
        Console.Error.WriteLine($"The gateway refused the batch after item {done}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return 1;
    }
    totals.Add(await response.Content.ReadFromJsonAsync<JsonElement>(), done);
    done += papers;
    progress.Draw(done, totals);
}
ProgressBar.Finish();

Console.WriteLine($"{done:N0} papers in {progress.Elapsed.TotalSeconds:N1} s: {totals.Accepted:N0} accepted, {totals.Duplicates:N0} duplicate, {totals.Invalid:N0} invalid.");
foreach (var problem in totals.Problems)
{
    Console.WriteLine($"  {problem}");
}
return totals.Invalid == 0 ? 0 : 3;

static async Task<string> SignInAsync(HttpClient http, string? user, string? password)
{
    if (user is null || password is null)
    {
        throw new ArgumentException("Give --user and --password, or set PAPERS_TOKEN.");
    }
    using var response = await http.PostAsJsonAsync("/api/accounts/token", new { username = user, password });
    response.EnsureSuccessStatusCode();
    return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
}
