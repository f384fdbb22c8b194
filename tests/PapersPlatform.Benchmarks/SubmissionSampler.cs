using System.Diagnostics;
using System.Net;
using Npgsql;
using PapersPlatform.Testing;

namespace PapersPlatform.Benchmarks;

/// <summary>
/// One single submission's figures: until the gateway answered 202, and until the catalogue holds
/// the paper (when waited for); which paper, and when it was sent (to line it up with the
/// pipeline's own timestamps, <see cref="PipelineStages"/>).
/// </summary>
internal sealed record SubmissionTiming(double AnswerMs, double? VisibleMs, string ArxivId, DateTimeOffset Sent);

/// <summary>
/// Submits single papers as ordinary signed-in users do (<c>POST /api/papers</c> through the
/// gateway) and times each until it is visible: committed in the catalogue's table, which is what
/// its API reads. It watches the table with a connection of its own, polling every millisecond,
/// so the figure is the pipeline's (ingestion, outbox relay, RabbitMQ, the catalogue's consumer)
/// and not a poll interval's.
/// </summary>
internal sealed class SubmissionSampler(PlatformFixture platform, SyntheticPapers papers) : IAsyncDisposable
{
    private readonly List<GatewayClient> _users = [];
    private readonly NpgsqlConnection _catalogue = new(TestEnvironment.DatabaseAdmin);
    private int _next;

    public async Task<SubmissionTiming> SubmitAsync(bool waitUntilVisible, CancellationToken cancellationToken = default)
    {
        var index = _next++;
        // Each user stays within the daily submission limit, as a person would.
        if (index / PlatformFixture.DailySubmissionLimit >= _users.Count)
        {
            var user = platform.CreateClient();
            await user.SignUpAndSignInAsync("submitter");
            _users.Add(user);
        }
        if (_catalogue.State != System.Data.ConnectionState.Open)
        {
            await _catalogue.OpenAsync(cancellationToken);
        }
        var paper = papers.Create(index);
        var sent = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        using var response = await _users[index / PlatformFixture.DailySubmissionLimit].SubmitPaperAsync(
            paper.ArxivId, paper.Title, paper.Abstract, paper.Organization, paper.Authors);
        var answered = clock.Elapsed;
        await response.EnsureStatusAsync(HttpStatusCode.Accepted);
        if (!waitUntilVisible)
        {
            return new SubmissionTiming(answered.TotalMilliseconds, null, paper.ArxivId, sent);
        }
        await using var visible = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM catalogue.papers WHERE arxiv_id = $1)", _catalogue)
        {
            Parameters = { new NpgsqlParameter { Value = paper.ArxivId } },
        };
        while (!(bool)(await visible.ExecuteScalarAsync(cancellationToken))!)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"Paper {paper.ArxivId} did not reach the catalogue within 10 minutes.");
            }
            await Task.Delay(1, cancellationToken);
        }
        return new SubmissionTiming(answered.TotalMilliseconds, clock.Elapsed.TotalMilliseconds, paper.ArxivId, sent);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var user in _users)
        {
            user.Dispose();
        }
        await _catalogue.DisposeAsync();
    }
}
