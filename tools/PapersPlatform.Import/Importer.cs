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
        // Up to --parallel batches in flight; their reports are taken in file order, so the totals,
        // the problems' item numbers and "refused after item N" read as if sent one by one.
        var inFlight = new Queue<(Task<HttpResponseMessage> Response, int Papers)>();
        async Task<bool> CompleteOldestAsync()
        {
            var (pending, papers) = inFlight.Dequeue();
            HttpResponseMessage sent;
            try
            {
                sent = await pending;
            }
            catch (Exception) when (inFlight.Count > 0)
            {
                ProgressBar.Finish();
                Console.Error.WriteLine($"The {inFlight.Count} batch(es) sent after item {done} may have been stored; importing the file again skips what was (as duplicates).");
                throw;
            }
            using var response = sent;
            if (!response.IsSuccessStatusCode)
            {
                ProgressBar.Finish();
                Console.Error.WriteLine($"The gateway refused the batch after item {done}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                if (inFlight.Count > 0)
                {
                    Console.Error.WriteLine($"The {inFlight.Count} batch(es) sent after it may have been stored; importing the file again skips what was (as duplicates).");
                }
                return false;
            }
            totals.Add(await response.Content.ReadFromJsonAsync<JsonElement>(), done);
            done += papers;
            progress.Draw(done, totals);
            return true;
        }
        foreach (var (body, papers) in file.Batches(options.BatchSize))
        {
            if (inFlight.Count == options.Parallel && !await CompleteOldestAsync())
            {
                return 1;
            }
            inFlight.Enqueue((SendAsync(http, body, file.ContentType), papers));
        }
        while (inFlight.Count > 0)
        {
            if (!await CompleteOldestAsync())
            {
                return 1;
            }
        }
        ProgressBar.Finish();

        Console.WriteLine($"{done:N0} papers in {progress.Elapsed.TotalSeconds:N1} s: {totals.Accepted:N0} accepted, {totals.Duplicates:N0} duplicate, {totals.Invalid:N0} invalid.");
        foreach (var problem in totals.Problems)
        {
            Console.WriteLine($"  {problem}");
        }
        return totals.Invalid == 0 ? 0 : 3;
    }

    private const int MaxAttemptsPerBatch = 10;
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Sends one batch; a 429 (the gateway's rate limit for writes) or a 503 (no instance ready) is
    /// waited out for as long as Retry-After says and sent again, which is safe: papers already
    /// stored come back as duplicates.
    /// </summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, byte[] body, string contentType)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            var response = await http.PostAsync("/api/papers/import", content);
            if (response.StatusCode is not (System.Net.HttpStatusCode.TooManyRequests or System.Net.HttpStatusCode.ServiceUnavailable) || attempt == MaxAttemptsPerBatch)
            {
                return response;
            }
            var wait = response.Headers.RetryAfter?.Delta
                ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : TimeSpan.FromSeconds(2));
            response.Dispose();
            await Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxWait ? MaxWait : wait);
        }
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
