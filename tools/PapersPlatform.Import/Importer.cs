using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace PapersPlatform.Import;

/// <summary>Signs in (unless given a token), then sends the file batch by batch, drawing the progress bar.</summary>
internal static class Importer
{
    /// <summary>0: every item accepted or a duplicate; 1: the gateway refused a batch; 3: some items were invalid.</summary>
    public static async Task<int> RunAsync(HttpClient http, Arguments options)
    {
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
    }

    private static async Task<string> SignInAsync(HttpClient http, string? user, string? password)
    {
        if (user is null || password is null)
        {
            throw new ArgumentException("Give --user and --password, or set PAPERS_TOKEN.");
        }
        using var response = await http.PostAsJsonAsync("/api/accounts/token", new { username = user, password });
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"signing in as {user} failed: {(int)response.StatusCode} {response.ReasonPhrase} (check --user and --password)");
        }
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }
}
