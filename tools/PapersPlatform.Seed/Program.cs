// papers-seed: fills a local run with a realistic day: synthetic papers from a few submitters,
// and votes from many people, a few papers getting most of them (see README, "A day of papers").
//   papers-seed [--gateway http://localhost:8080] [--accounts http://localhost:5101] [--papers 30] [--voters 40] [--seed N]
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PapersPlatform.Seed;

var options = ReadOptions(args);
if (options is null)
{
    Console.Error.WriteLine("usage: papers-seed [--gateway http://localhost:8080] [--accounts http://localhost:5101] [--papers 30] [--voters 40] [--seed N]");
    return 2;
}
var (gateway, accountsService, paperCount, voterCount, seed) = options.Value;
var papers = new SyntheticPapers(seed);
// Accounts are made at the accounts service itself: the gateway rightly allows only a few
// sign-ups per address an hour, and this tool makes dozens on the machine the platform runs on.
using var accounts = new HttpClient { BaseAddress = accountsService, Timeout = TimeSpan.FromSeconds(30) };
var run = Guid.NewGuid().ToString("N")[..6];

try
{
    var submitters = await Task.WhenAll(Enumerable.Range(1, Math.Max(1, paperCount / 5)).Select(i => SignUpAsync($"author{i}-{run}")));
    var voters = await Task.WhenAll(Enumerable.Range(1, voterCount).Select(i => SignUpAsync($"reader{i}-{run}")));

    var today = DateOnly.FromDateTime(DateTime.UtcNow);
    var submitted = new List<string>();
    for (var i = 0; i < paperCount; i++)
    {
        var draft = papers.Next(today.AddDays(-papers.Next(3)));
        using var response = await submitters[i % submitters.Length].PostAsJsonAsync("/api/papers", new
        {
            arxivId = draft.ArxivId,
            title = draft.Title,
            @abstract = draft.Abstract,
            authors = draft.Authors,
            organization = draft.Organization,
            publishedAt = draft.PublishedOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            codeUrl = draft.CodeUrl,
        });
        if (response.IsSuccessStatusCode)
        {
            submitted.Add(draft.ArxivId);
        }
        else
        {
            Console.Error.WriteLine($"papers-seed: {draft.ArxivId} refused ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync()}");
        }
    }
    Console.WriteLine($"Submitted {submitted.Count} papers as {submitters.Length} authors.");

    // Votes go to papers the catalogue shows: wait until the last one is there.
    using var anonymous = new HttpClient { BaseAddress = gateway };
    for (var attempt = 0; attempt < 100 && submitted.Count > 0; attempt++)
    {
        using var shown = await anonymous.GetAsync($"/api/papers/{submitted[^1]}");
        if (shown.IsSuccessStatusCode)
        {
            break;
        }
        await Task.Delay(200);
    }

    var votes = 0;
    for (var rank = 0; rank < submitted.Count; rank++)
    {
        var wanted = (int)Math.Round(voters.Length * papers.Popularity(rank));
        var chosen = voters.OrderBy(_ => papers.Next(int.MaxValue)).Take(wanted);
        foreach (var voter in chosen)
        {
            using var response = await voter.PostAsync($"/api/papers/{submitted[rank]}/upvote", null);
            votes += response.IsSuccessStatusCode ? 1 : 0;
        }
    }
    Console.WriteLine($"{voters.Length} readers cast {votes} votes. Open {gateway} (Today, Trending).");
    return 0;
}
catch (HttpRequestException exception)
{
    Console.Error.WriteLine($"papers-seed: {exception.Message} (is the platform running? deploy/up.sh)");
    return 1;
}

// A new account, signed in: a client whose requests to the gateway carry its token.
async Task<HttpClient> SignUpAsync(string username)
{
    var password = Guid.NewGuid().ToString("N");
    using (var created = await accounts.PostAsJsonAsync("/api/accounts", new { username, email = $"{username}@example.org", password }))
    {
        created.EnsureSuccessStatusCode();
    }
    using var token = await accounts.PostAsJsonAsync("/api/accounts/token", new { username, password });
    token.EnsureSuccessStatusCode();
    var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
    var client = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
    return client;
}

static (Uri Gateway, Uri Accounts, int Papers, int Voters, int Seed)? ReadOptions(string[] args)
{
    var values = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--gateway"] = "http://localhost:8080",
        ["--accounts"] = "http://localhost:5101",
        ["--papers"] = "30",
        ["--voters"] = "40",
        ["--seed"] = Environment.TickCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
    for (var i = 0; i < args.Length; i += 2)
    {
        if (!values.ContainsKey(args[i]) || i + 1 >= args.Length)
        {
            return null;
        }
        values[args[i]] = args[i + 1];
    }
    return Uri.TryCreate(values["--gateway"], UriKind.Absolute, out var gatewayUri)
        && Uri.TryCreate(values["--accounts"], UriKind.Absolute, out var accountsUri)
        && int.TryParse(values["--papers"], out var paperCount) && paperCount is >= 1 and <= 200
        && int.TryParse(values["--voters"], out var voterCount) && voterCount is >= 1 and <= 200
        && int.TryParse(values["--seed"], out var seedValue)
        ? (gatewayUri, accountsUri, paperCount, voterCount, seedValue)
        : null;
}
