using Npgsql;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>Each service's database role reaches its own schema and nothing else.</summary>
[Collection(PlatformCollection.Name)]
public sealed class DatabaseIsolationTests(PlatformFixture platform)
{
    public static TheoryData<string, string> ForeignSchemas => new()
    {
        { "catalogue", "ingestion.submissions" },
        { "ingestion", "catalogue.papers" },
        { "trending", "accounts.users" },
        { "notification", "catalogue.votes" },
        { "accounts", "notification.notifications" },
    };

    [Theory]
    [MemberData(nameof(ForeignSchemas))]
    public async Task ServiceRole_ReadingAnotherServicesTable_IsDenied(string role, string foreignTable)
    {
        Assert.NotEmpty(platform.Processes); // the services have migrated their schemas by now
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionStringFor(role));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {foreignTable}", connection);

        var denied = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteScalarAsync());

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
    }

    [Fact]
    public async Task ServiceRole_ReadingItsOwnSchema_Works()
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionStringFor("catalogue"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM catalogue.papers", connection);

        Assert.IsType<long>(await command.ExecuteScalarAsync());
    }
}
