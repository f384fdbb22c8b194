using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace PapersPlatform.ServiceDefaults;

/// <summary>
/// Binary COPY into an entity's table, for the few places that write thousands of rows at once (a
/// bulk import's papers and their outbox rows): table and column names come from the EF model,
/// the values are written in the order the properties are given.
/// </summary>
public static class EntityCopy
{
    /// <summary>Starts a COPY of <paramref name="properties"/>' columns on the context's connection, inside its current transaction.</summary>
    public static Task<NpgsqlBinaryImporter> BeginCopyAsync<TEntity>(this DbContext db, string[] properties, CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in {db.GetType().Name}'s model.");
        var columns = string.Join(", ", properties.Select(property => $"\"{entity.FindProperty(property)!.GetColumnName()}\""));
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        return connection.BeginBinaryImportAsync(
            $"COPY \"{entity.GetSchema()}\".\"{entity.GetTableName()}\" ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
    }

    public static Task WriteNullableAsync(this NpgsqlBinaryImporter writer, string? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(value, type, cancellationToken);
}
