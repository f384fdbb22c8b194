using Npgsql;
using NpgsqlTypes;

namespace PapersPlatform.Benchmarks;

/// <summary>
/// Puts synthetic papers straight into the catalogue's table with binary COPY (the benchmark
/// measures reading, not a million PaperPublished messages). Postgres computes each row's
/// search vector and index entries exactly as for a consumed message.
/// </summary>
internal static class CatalogueLoader
{
    private const string Copy = """
        COPY catalogue.papers (arxiv_id, title, abstract, authors, organization, published_at, submitted_at, submitted_by, upvotes, trending_score, trending_version)
        FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>Loads papers [from, to), two COPY streams at once, then refreshes the planner's statistics.</summary>
    public static Task LoadAsync(string connectionString, SyntheticPapers papers, int from, int to) =>
        BinaryCopy.LoadAsync(connectionString, "catalogue.papers", Copy, from, to, async (writer, index) =>
        {
            var paper = papers.Create(index);
            await writer.WriteAsync(paper.ArxivId, NpgsqlDbType.Varchar);
            await writer.WriteAsync(paper.Title, NpgsqlDbType.Text);
            await writer.WriteAsync(paper.Abstract, NpgsqlDbType.Text);
            await writer.WriteAsync(paper.Authors, NpgsqlDbType.Array | NpgsqlDbType.Text);
            await writer.WriteAsync(paper.Organization, NpgsqlDbType.Varchar);
            await writer.WriteAsync(paper.PublishedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(paper.SubmittedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(paper.SubmittedBy, NpgsqlDbType.Varchar);
            await writer.WriteAsync(paper.Upvotes, NpgsqlDbType.Integer);
            await writer.WriteAsync(paper.TrendingScore, NpgsqlDbType.Double);
            await writer.WriteAsync(1L, NpgsqlDbType.Bigint);
        });

    /// <summary>The plan of what a relevance search runs (the shape of PaperListing's query), with timings.</summary>
    public static async Task<string> ExplainCommonWordSearchAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var explain = new NpgsqlCommand($"""
            EXPLAIN (ANALYZE, BUFFERS)
            SELECT c.arxiv_id, ts_rank(c.search_vector, websearch_to_tsquery('english', '{SyntheticPapers.CommonWord}')) AS rank
            FROM (SELECT * FROM catalogue.papers
                  WHERE search_vector @@ websearch_to_tsquery('english', '{SyntheticPapers.CommonWord}') AND submitted_at <= now()
                  ORDER BY submitted_at DESC, arxiv_id LIMIT 1000) c
            ORDER BY rank DESC, c.arxiv_id LIMIT 31
            """, connection);
        await using var reader = await explain.ExecuteReaderAsync();
        var plan = new List<string>();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(0));
        }
        return string.Join('\n', plan);
    }
}
