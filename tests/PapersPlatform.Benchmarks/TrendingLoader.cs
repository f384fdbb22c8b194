using Npgsql;
using NpgsqlTypes;

namespace PapersPlatform.Benchmarks;

/// <summary>
/// Puts synthetic papers into trending's table as if <c>votesPerPaper</c> votes each had been
/// consumed: 1,000 papers a day, each vote cast within three days of its paper's submission. The
/// score is computed with trending's formula (services/Trending/Scoring/TrendingScore.cs):
/// ln Σ e^((t − 2020-01-01)/τ) over the submission and every vote, τ = 24 h / ln 2.
/// </summary>
internal static class TrendingLoader
{
    private const string Copy = """
        COPY trending.papers (arxiv_id, title, submitted_at, submitted_by, upvotes, score, last_voted_at, version, announced_version, announced_trending_at)
        FROM STDIN (FORMAT BINARY)
        """;

    private static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly double Tau = TimeSpan.FromHours(24).TotalSeconds / Math.Log(2);

    public static Task LoadAsync(string connectionString, SyntheticPapers papers, int from, int to, int votesPerPaper, DateTimeOffset now) =>
        BinaryCopy.LoadAsync(connectionString, "trending.papers", Copy, from, to, async (writer, index) =>
        {
            var paper = papers.Create(index);
            var random = new Random(index);
            var lifetime = Math.Min((now - paper.SubmittedAt).TotalSeconds, TimeSpan.FromDays(3).TotalSeconds);
            var votes = Enumerable.Range(0, votesPerPaper).Select(_ => paper.SubmittedAt.AddSeconds(random.NextDouble() * lifetime)).ToArray();
            var weights = votes.Prepend(paper.SubmittedAt).Select(at => (at - Epoch).TotalSeconds / Tau).ToArray();
            var max = weights.Max();
            await writer.WriteAsync(paper.ArxivId, NpgsqlDbType.Varchar);
            await writer.WriteAsync(paper.Title, NpgsqlDbType.Text);
            await writer.WriteAsync(paper.SubmittedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(paper.SubmittedBy, NpgsqlDbType.Varchar);
            await writer.WriteAsync(votesPerPaper, NpgsqlDbType.Integer);
            await writer.WriteAsync(max + Math.Log(weights.Sum(weight => Math.Exp(weight - max))), NpgsqlDbType.Double);
            await writer.WriteAsync(votes.Max().UtcDateTime, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(1L, NpgsqlDbType.Bigint);
            await writer.WriteAsync(1L, NpgsqlDbType.Bigint); // announced: the catalogue's copy has it
            await writer.WriteAsync(DBNull.Value, NpgsqlDbType.TimestampTz);
        });
}
