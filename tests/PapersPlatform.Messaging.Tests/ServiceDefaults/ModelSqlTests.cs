using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Messaging.Tests.ServiceDefaults;

/// <summary>Identifiers go into the text, values stay parameters, in order, with their format and escaped braces kept.</summary>
public sealed class ModelSqlTests
{
    [Fact]
    public void Identifiers_are_written_into_the_text_and_values_stay_numbered_parameters()
    {
        var table = new SqlIdentifier("\"notification\".\"mails\"");
        var (id, due) = (Guid.NewGuid(), DateTimeOffset.UnixEpoch);

        var statement = ModelSql.Statement($"UPDATE {table} SET due_at = {due} WHERE id = {id} AND data = '{{}}'::jsonb RETURNING {table}.id");

        Assert.Equal("UPDATE \"notification\".\"mails\" SET due_at = {0} WHERE id = {1} AND data = '{{}}'::jsonb RETURNING \"notification\".\"mails\".id", statement.Format);
        Assert.Equal([due, id], statement.GetArguments());
    }

    [Fact]
    public void A_hole_with_an_alignment_or_format_keeps_it()
    {
        var statement = ModelSql.Statement($"SELECT {42,5:D3}, {new SqlIdentifier("t")}");

        Assert.Equal("SELECT {0,5:D3}, t", statement.Format);
        Assert.Equal([42], statement.GetArguments());
    }
}
