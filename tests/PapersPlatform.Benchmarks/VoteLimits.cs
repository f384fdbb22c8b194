using System.Diagnostics;
using MassTransit;
using Npgsql;
using PapersPlatform.Testing;

namespace PapersPlatform.Benchmarks;

/// <summary>Something a bench message carries: the broker's limit is measured on a message of a vote's size.</summary>
public sealed record BenchVote(string ArxivId, string Title, string SubmittedBy, DateTimeOffset SubmittedAt, string VotedBy, int Upvotes, DateTimeOffset VotedAt);

/// <summary>
/// What this machine can do at most, measured in the same run as the votes (docs/performance.md):
/// Postgres transactions per second of a vote's own transaction shape on scratch tables, and
/// messages per second through RabbitMQ with MassTransit, publish with confirm to consume.
/// </summary>
internal static class VoteLimits
{
    private const int Papers = 40;

    /// <summary>
    /// The catalogue's vote transaction, statement for statement and round trip for round trip
    /// (lock the paper, look for the vote, then one batch of insert, update and outbox row, commit),
    /// from <paramref name="clients"/> connections on 40 papers: on a narrow paper table, or on a
    /// copy of the catalogue's own (<paramref name="catalogueRows"/>: its search document and its
    /// six indexes, which every change of the count updates, since the count is indexed).
    /// </summary>
    public static async Task<double> PostgresVoteTransactionsPerSecondAsync(int clients, TimeSpan duration, bool catalogueRows = false)
    {
        var papers = catalogueRows
            ? """
              CREATE TABLE bench_votes.papers (LIKE catalogue.papers INCLUDING ALL);
              INSERT INTO bench_votes.papers (arxiv_id, title, abstract, authors, organization, published_at, submitted_at, submitted_by, upvotes, trending_score, trending_version)
              SELECT 'bench.' || row_number() OVER (), title, abstract, authors, organization, published_at, submitted_at, submitted_by, 0, trending_score, trending_version
              FROM catalogue.papers LIMIT 40;
              """
            : """
              CREATE TABLE bench_votes.papers (arxiv_id varchar(32) PRIMARY KEY, title text NOT NULL, upvotes int NOT NULL, submitted_by varchar(64) NOT NULL, submitted_at timestamptz NOT NULL);
              INSERT INTO bench_votes.papers SELECT 'bench.' || i, 'A paper of some length for the benchmark', 0, 'someone', now() FROM generate_series(1, 40) i;
              """;
        await AdminDatabase.ExecuteAsync($"""
            DROP SCHEMA IF EXISTS bench_votes CASCADE;
            CREATE SCHEMA bench_votes;
            {papers}
            CREATE TABLE bench_votes.votes (arxiv_id varchar(32) NOT NULL, user_name varchar(64) NOT NULL, voted_at timestamptz NOT NULL, PRIMARY KEY (arxiv_id, user_name));
            CREATE TABLE bench_votes.outbox (id bigserial PRIMARY KEY, message_id uuid NOT NULL, message_type text NOT NULL, body jsonb NOT NULL, created_at timestamptz NOT NULL, sent_at timestamptz);
            CREATE INDEX ON bench_votes.outbox (id) WHERE sent_at IS NULL;
            """);
        try
        {
            var committed = 0L;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
            {
                var random = new Random(client);
                await using var connection = new NpgsqlConnection(TestEnvironment.DatabaseAdmin);
                await connection.OpenAsync();
                for (var vote = 0; clock.Elapsed < duration; vote++)
                {
                    var paper = $"bench.{random.Next(1, Papers + 1)}";
                    var user = $"user-{client}-{vote}";
                    await using var transaction = await connection.BeginTransactionAsync();
                    await using (var lockPaper = new NpgsqlCommand("SELECT * FROM bench_votes.papers WHERE arxiv_id = $1 FOR UPDATE", connection, transaction))
                    {
                        lockPaper.Parameters.Add(new() { Value = paper });
                        await using var reader = await lockPaper.ExecuteReaderAsync();
                        while (await reader.ReadAsync()) { }
                    }
                    await using (var findVote = new NpgsqlCommand("SELECT * FROM bench_votes.votes WHERE arxiv_id = $1 AND user_name = $2", connection, transaction))
                    {
                        findVote.Parameters.Add(new() { Value = paper });
                        findVote.Parameters.Add(new() { Value = user });
                        await using var reader = await findVote.ExecuteReaderAsync();
                        while (await reader.ReadAsync()) { }
                    }
                    await using (var batch = new NpgsqlBatch(connection, transaction))
                    {
                        batch.BatchCommands.Add(new("INSERT INTO bench_votes.votes VALUES ($1, $2, now())") { Parameters = { new() { Value = paper }, new() { Value = user } } });
                        batch.BatchCommands.Add(new("UPDATE bench_votes.papers SET upvotes = upvotes + 1 WHERE arxiv_id = $1") { Parameters = { new() { Value = paper } } });
                        batch.BatchCommands.Add(new("INSERT INTO bench_votes.outbox (message_id, message_type, body, created_at) VALUES ($1, 'PaperUpvoted', $2::jsonb, now())")
                        {
                            Parameters = { new() { Value = Guid.NewGuid() }, new() { Value = $$"""{"arxivId":"{{paper}}","title":"A paper of some length for the benchmark","votedBy":"{{user}}","upvotes":1}""" } },
                        });
                        await batch.ExecuteNonQueryAsync();
                    }
                    await transaction.CommitAsync();
                    Interlocked.Increment(ref committed);
                }
            }));
            return committed / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            await AdminDatabase.ExecuteAsync("DROP SCHEMA bench_votes CASCADE");
        }
    }

    /// <summary>
    /// Messages of a vote's size published with confirms (as the outbox relay does: batches of 100
    /// in flight) to a queue of their own and consumed by a consumer that does nothing, until all
    /// are consumed: the broker's and MassTransit's own ceiling on this machine.
    /// </summary>
    public static async Task<double> BrokerMessagesPerSecondAsync(int messages)
    {
        var consumed = 0;
        var allConsumed = new TaskCompletionSource();
        var bus = Bus.Factory.CreateUsingRabbitMq(configure =>
        {
            configure.Host(new Uri(TestEnvironment.RabbitMq));
            configure.ReceiveEndpoint("bench-broker-limit", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Handler<BenchVote>(_ =>
                {
                    if (Interlocked.Increment(ref consumed) == messages)
                    {
                        allConsumed.TrySetResult();
                    }
                    return Task.CompletedTask;
                });
            });
        });
        await bus.StartAsync();
        try
        {
            var now = DateTimeOffset.UtcNow;
            BenchVote Message(int index) => new($"bench.{index % Papers}", "A paper of some length for the benchmark", "someone", now, $"user-{index}", index, now);
            // Warm-up (discarded): the exchange and binding exist, JIT has run.
            await bus.Publish(Message(0));
            while (Volatile.Read(ref consumed) < 1)
            {
                await Task.Delay(10);
            }
            consumed = 0;
            var clock = Stopwatch.StartNew();
            foreach (var batch in Enumerable.Range(0, messages).Chunk(100))
            {
                await Task.WhenAll(batch.Select(index => bus.Publish(Message(index))));
            }
            await allConsumed.Task.WaitAsync(TimeSpan.FromMinutes(5));
            return messages / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            await bus.StopAsync();
        }
    }
}
