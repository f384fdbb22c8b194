using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using PapersPlatform.Ingestion.Model;

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
        var entity = db.Model.FindEntityType(typeof(Submission))!;
        string Column(string property) => $"\"{entity.FindProperty(property)!.GetColumnName()}\"";
        var columns = string.Join(", ", new[]
        {
            nameof(Submission.ArxivId), nameof(Submission.Title), nameof(Submission.Abstract), nameof(Submission.Authors),
            nameof(Submission.Organization), nameof(Submission.PublishedAt), nameof(Submission.SubmittedAt), nameof(Submission.SubmittedBy),
            nameof(Submission.CodeUrl), nameof(Submission.ProjectUrl),
        }.Select(Column));

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY \"{entity.GetSchema()}\".\"{entity.GetTableName()}\" ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var submission in submissions)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(submission.ArxivId, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(submission.Title, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(submission.Abstract, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(submission.Authors, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(writer, submission.Organization, cancellationToken);
            await writer.WriteAsync(submission.PublishedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken); // Npgsql writes UTC offsets only
            await writer.WriteAsync(submission.SubmittedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(submission.SubmittedBy, NpgsqlDbType.Varchar, cancellationToken);
            await WriteNullableAsync(writer, submission.CodeUrl, cancellationToken);
            await WriteNullableAsync(writer, submission.ProjectUrl, cancellationToken);
        }
        await writer.CompleteAsync(cancellationToken);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter writer, string? value, CancellationToken cancellationToken) =>
        value is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
}
