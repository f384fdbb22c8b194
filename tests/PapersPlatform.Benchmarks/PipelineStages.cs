using System.Globalization;
using Npgsql;
using PapersPlatform.Testing;

namespace PapersPlatform.Benchmarks;

/// <summary>
/// Where single submissions' time went, read from the pipeline's own timestamps: the outbox row
/// written in ingestion's request, the relay marking it sent (after the broker confirmed it), and
/// the start of the catalogue's transaction that stored the paper (its inbox row's <c>now()</c>).
/// Each is in milliseconds after the submission was sent, as a median over the submissions.
/// </summary>
internal static class PipelineStages
{
    private sealed record Stages(double Stored, double Relayed, double CatalogueBegan);

    public static async Task<string> DescribeAsync(IReadOnlyList<SubmissionTiming> submissions)
    {
        var sent = submissions.ToDictionary(submission => submission.ArxivId);
        await using var connection = new NpgsqlConnection(TestEnvironment.DatabaseAdmin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT outbox.body::jsonb->>'arxivId', outbox.created_at, outbox.sent_at, min(inbox.processed_at)
            FROM ingestion.outbox_messages outbox
            JOIN catalogue.inbox_messages inbox ON inbox.message_id = outbox.message_id
            WHERE outbox.sent_at IS NOT NULL AND outbox.body::jsonb->>'arxivId' = ANY($1)
            GROUP BY 1, 2, 3
            """, connection)
        {
            Parameters = { new NpgsqlParameter { Value = sent.Keys.ToArray() } },
        };
        var stages = new List<Stages>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var start = sent[reader.GetString(0)].Sent;
                double After(int column) => (reader.GetFieldValue<DateTimeOffset>(column) - start).TotalMilliseconds;
                stages.Add(new Stages(After(1), After(2), After(3)));
            }
        }
        if (stages.Count == 0)
        {
            return "(no submission's outbox row and catalogue inbox row were found)";
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"Where the time went, medians of {stages.Count} submissions, ms after each was sent: outbox row written {Statistics.Median(stages.Select(stage => stage.Stored)):N1}, answered {Statistics.Median(submissions.Select(submission => submission.AnswerMs)):N1}, relayed (broker confirmed) {Statistics.Median(stages.Select(stage => stage.Relayed)):N1}, the catalogue's transaction began {Statistics.Median(stages.Select(stage => stage.CatalogueBegan)):N1}, visible {Statistics.Median(submissions.Select(submission => submission.VisibleMs ?? double.NaN)):N1}.");
    }
}
