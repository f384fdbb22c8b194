using NpgsqlTypes;
using PapersPlatform.Ingestion.Model;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Ingestion.Infrastructure;

internal static class SubmissionCopy
{
    /// <summary>
    /// Inserts a bulk import's papers with one binary COPY in the caller's transaction, instead of
    /// one INSERT each through the change tracker. A paper already stored fails the whole COPY with
    /// a unique violation, as a batched INSERT would.
    /// </summary>
    public static async Task CopySubmissionsAsync(this IngestionDbContext db, IEnumerable<Submission> submissions, CancellationToken cancellationToken)
    {
        await using var writer = await db.BeginCopyAsync<Submission>(
        [
            nameof(Submission.ArxivId), nameof(Submission.Title), nameof(Submission.Abstract), nameof(Submission.Authors),
            nameof(Submission.Organization), nameof(Submission.PublishedAt), nameof(Submission.SubmittedAt), nameof(Submission.SubmittedBy),
            nameof(Submission.CodeUrl), nameof(Submission.ProjectUrl),
        ], cancellationToken);
        foreach (var submission in submissions)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(submission.ArxivId, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(submission.Title, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(submission.Abstract, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(submission.Authors, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            await writer.WriteNullableAsync(submission.Organization, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(submission.PublishedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken); // Npgsql writes UTC offsets only
            await writer.WriteAsync(submission.SubmittedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(submission.SubmittedBy, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteNullableAsync(submission.CodeUrl, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteNullableAsync(submission.ProjectUrl, NpgsqlDbType.Text, cancellationToken);
        }
        await writer.CompleteAsync(cancellationToken);
    }
}
