using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace PapersPlatform.Testing.Faults;

/// <summary>
/// How much the workload does, and how fast. <paramref name="Upvotes"/> counts (paper, voter)
/// pairs; one in five withdraws its vote again and a third of those vote once more. Every fourth
/// paper comes in a bulk import, alongside the single submissions.
/// </summary>
public sealed record WorkloadOptions(int Users, int Papers, int Upvotes, int Concurrency, double? RequestsPerSecond)
{
    /// <summary>Small enough for every CI run; the fault-run tool scales it up.</summary>
    public static WorkloadOptions Suite => new(Users: 24, Papers: 40, Upvotes: 700, Concurrency: 8, RequestsPerSecond: 30);
}

/// <summary>What the clients were told: the checker compares it with what the services applied.</summary>
public sealed class WorkloadLedger
{
    public ConcurrentDictionary<string, Outcome> Submissions { get; } = new();
    /// <summary>Per (paper, voter): the outcome of its clicks together (accepted only if every one was) and the vote it ended with.</summary>
    public ConcurrentDictionary<(string ArxivId, string Voter), VoteHistory> Votes { get; } = new();
    /// <summary>Upvote and withdrawal requests sent.</summary>
    public int VoteRequests => Votes.Values.Sum(history => history.Clicks);
    public Dictionary<string, string> Submitters { get; } = [];
    /// <summary>The last answer of each request that failed for good.</summary>
    public ConcurrentBag<string> FailureReasons { get; } = [];
    /// <summary>Every attempt that failed and was tried again: the faults as clients felt them.</summary>
    public ConcurrentBag<string> RetriedAttempts { get; } = [];
    public TimeSpan Elapsed { get; set; }
    /// <summary>The upvote stream alone, for its throughput.</summary>
    public TimeSpan VotingElapsed { get; set; }
    /// <summary>What the run had given up on before this workload began; its verdict counts only what came after.</summary>
    public Leftovers LeftoversBefore { get; set; } = new(0, 0);
}

/// <param name="Clicks">1: upvote; 2: upvote, withdraw; 3: upvote, withdraw, upvote again.</param>
public sealed record VoteHistory(int Clicks, Outcome Outcome)
{
    /// <summary>Clicks alternate upvote and withdrawal, starting with an upvote.</summary>
    public bool EndsVoted => Clicks % 2 == 1;
}

public enum Outcome
{
    /// <summary>The client got a 2xx: the effect must exist, exactly once, everywhere.</summary>
    Accepted,
    /// <summary>5xx, a timeout or a dropped connection: applied or not, but never half-applied.</summary>
    Failed,
}

/// <summary>
/// Many users submitting and upvoting through the gateway (or several), as people would, while faults happen.
/// Like a real client it retries a failed or not-yet-visible request a few times (votes are
/// idempotent); the ledger keeps the final answer for each submission and each (paper, user) vote.
/// </summary>
public sealed class Workload(IReadOnlyList<Uri> gateways, WorkloadOptions options)
{
    public Workload(Uri gateway, WorkloadOptions options) : this([gateway], options)
    {
    }

    private readonly TaskCompletionSource _votingStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the vote stream begins: a fault timed "mid-stream" waits for it.</summary>
    public Task VotingStarted => _votingStarted.Task;

    private const int AttemptsPerRequest = 6;
    private const int ImportBatch = 25;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// The papers of one run share a random month (of those with five-digit numbers, 2015 to 2025),
    /// so runs against one database rarely meet, and never the end-to-end tests' 2405.
    /// </summary>
    private static readonly string RunMonth = Enumerable.Range(15, 11)
        .SelectMany(year => Enumerable.Range(1, 12).Select(month => $"{year:D2}{month:D2}"))
        .Where(month => month != "2405")
        .OrderBy(_ => Random.Shared.Next())
        .First();

    public async Task<WorkloadLedger> RunAsync(CancellationToken cancellationToken)
    {
        var ledger = new WorkloadLedger { LeftoversBefore = await EffectChecker.LeftoversAsync(TestEnvironment.DatabaseAdmin, cancellationToken) };
        var clock = Stopwatch.StartNew();
        var users = await SignUpUsersAsync();
        var pacer = new Pacer(options.RequestsPerSecond);
        var papers = Enumerable.Range(0, options.Papers)
            .Select(index => (ArxivId: $"{RunMonth}.{index:D5}", Submitter: users[index % users.Count]))
            .ToList();
        foreach (var (arxivId, submitter) in papers)
        {
            ledger.Submitters[arxivId] = submitter.Name;
        }

        // Each voter votes on distinct papers it did not submit; the pairs are shuffled so that
        // votes on one paper come from many workers at once. Some change their mind at once: the
        // withdrawal and the new vote overtake each other on their way to the consumers.
        var pairs = papers
            .SelectMany(paper => users.Where(user => user != paper.Submitter).Select(user => (paper.ArxivId, Voter: user)))
            .OrderBy(_ => Random.Shared.Next())
            .Take(options.Upvotes)
            .Select(pair => (pair.ArxivId, pair.Voter, Clicks: Random.Shared.NextDouble() switch { < 0.07 => 3, < 0.2 => 2, _ => 1 }))
            .ToList();

        using var importer = new GatewayClient(gateways[0]);
        await importer.SignInAsImporterAsync();
        var imported = papers.Where((_, index) => index % 4 == 3).ToList();
        foreach (var (arxivId, _) in imported)
        {
            ledger.Submitters[arxivId] = PlatformFixture.ImporterName;
        }
        var singles = Parallel.ForEachAsync(papers.Except(imported), new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, async (paper, token) =>
        {
            await pacer.WaitAsync(token);
            ledger.Submissions[paper.ArxivId] = await SendAsync(() => paper.Submitter.Client.SubmitPaperAsync(paper.ArxivId, $"Paper {paper.ArxivId}"), ledger, accepted: [HttpStatusCode.Accepted, HttpStatusCode.Conflict]);
        });
        var imports = Parallel.ForEachAsync(imported.Chunk(ImportBatch), new ParallelOptions { MaxDegreeOfParallelism = 1, CancellationToken = cancellationToken }, async (batch, token) =>
        {
            await pacer.WaitAsync(token);
            var outcome = await SendAsync(() => importer.Http.PostAsync("/api/papers/import", ImportBody(batch.Select(paper => paper.ArxivId)), token), ledger, accepted: [HttpStatusCode.OK]);
            foreach (var paper in batch)
            {
                ledger.Submissions[paper.ArxivId] = outcome;
            }
        });
        await Task.WhenAll(singles, imports);

        // People vote on what they can see: wait for the catalogue to show the accepted papers.
        var visible = await WaitUntilVisibleAsync(users[0].Client, [.. ledger.Submissions.Where(entry => entry.Value == Outcome.Accepted).Select(entry => entry.Key)], cancellationToken);
        var voting = Stopwatch.StartNew();
        _votingStarted.TrySetResult();
        pacer = new Pacer(options.RequestsPerSecond); // the rate holds from here, not from the start
        await Parallel.ForEachAsync(pairs.Where(pair => visible.Contains(pair.ArxivId)), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken }, async (pair, token) =>
        {
            var outcome = Outcome.Accepted;
            var path = $"/api/papers/{pair.ArxivId}/upvote";
            for (var click = 1; click <= pair.Clicks; click++)
            {
                await pacer.WaitAsync(token);
                var upvote = click % 2 == 1;
                var answer = await SendAsync(() => upvote ? pair.Voter.Client.Http.PostAsync(path, null, token) : pair.Voter.Client.Http.DeleteAsync(path, token),
                    ledger, accepted: [HttpStatusCode.OK]);
                outcome = answer == Outcome.Accepted ? outcome : Outcome.Failed;
            }
            ledger.Votes[(pair.ArxivId, pair.Voter.Name)] = new VoteHistory(pair.Clicks, outcome);
        });

        ledger.VotingElapsed = voting.Elapsed;
        ledger.Elapsed = clock.Elapsed;
        foreach (var user in users)
        {
            user.Client.Dispose();
        }
        return ledger;
    }

    private static async Task<HashSet<string>> WaitUntilVisibleAsync(GatewayClient client, List<string> arxivIds, CancellationToken cancellationToken)
    {
        var visible = new HashSet<string>();
        var deadline = Stopwatch.StartNew();
        while (visible.Count < arxivIds.Count && deadline.Elapsed < VisibilityTimeout)
        {
            foreach (var arxivId in arxivIds.Where(id => !visible.Contains(id)))
            {
                try
                {
                    using var response = await client.Http.GetAsync($"/api/papers/{arxivId}", cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        visible.Add(arxivId);
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    // a fault is under way: look again
                }
            }
            await Task.Delay(250, cancellationToken);
        }
        return visible;
    }

    private async Task<List<User>> SignUpUsersAsync()
    {
        var users = new ConcurrentBag<User>();
        // With several gateways, users are spread over them (each keeps its own).
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Users), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (index, _) =>
        {
            var client = new GatewayClient(gateways[index % gateways.Count]);
            users.Add(new User(await client.SignUpAndSignInAsync("load"), client));
        });
        return [.. users];
    }

    /// <summary>
    /// Tries a request until it is answered with one of <paramref name="accepted"/>. A 404 (the
    /// paper is not in the catalogue yet) or a 5xx/timeout is tried again after a pause; the last
    /// answer decides. A 409 on a resubmission means an earlier attempt did commit.
    /// </summary>
    private static async Task<Outcome> SendAsync(Func<Task<HttpResponseMessage>> send, WorkloadLedger ledger, HttpStatusCode[] accepted)
    {
        var reason = "";
        for (var attempt = 1; attempt <= AttemptsPerRequest; attempt++)
        {
            try
            {
                using var response = await send();
                if (accepted.Contains(response.StatusCode))
                {
                    return Outcome.Accepted;
                }
                reason = $"{(int)response.StatusCode}";
                if (response.StatusCode is not (HttpStatusCode.NotFound or >= HttpStatusCode.InternalServerError))
                {
                    break; // a 4xx other than 404 will not change by trying again
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                reason = exception is TaskCanceledException ? "timeout" : "connection";
            }
            if (attempt < AttemptsPerRequest)
            {
                ledger.RetriedAttempts.Add(reason);
                await Task.Delay(RetryDelay * attempt);
            }
        }
        ledger.FailureReasons.Add(reason);
        return Outcome.Failed;
    }

    private sealed record User(string Name, GatewayClient Client);

    /// <summary>A JSON Lines import of these papers; a retried import reports the stored ones as duplicates.</summary>
    private static StringContent ImportBody(IEnumerable<string> arxivIds) => new(
        string.Join('\n', arxivIds.Select(arxivId => System.Text.Json.JsonSerializer.Serialize(new
        {
            arxivId,
            title = $"Imported {arxivId}",
            @abstract = "Imported in bulk while others submit one by one.",
            authors = new[] { "Ada Lovelace" },
            publishedAt = "2024-05-01T00:00:00Z",
        }))), System.Text.Encoding.UTF8, "application/x-ndjson");

    /// <summary>Spaces requests out to a target rate (none: as fast as the workers go).</summary>
    private sealed class Pacer(double? perSecond)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _issued;

        public Task WaitAsync(CancellationToken cancellationToken)
        {
            if (perSecond is not { } rate)
            {
                return Task.CompletedTask;
            }
            var due = TimeSpan.FromSeconds(Interlocked.Increment(ref _issued) / rate);
            var wait = due - _clock.Elapsed;
            return wait > TimeSpan.Zero ? Task.Delay(wait, cancellationToken) : Task.CompletedTask;
        }
    }
}
