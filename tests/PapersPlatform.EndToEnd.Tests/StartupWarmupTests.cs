using System.Text.Json;
using Npgsql;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>
/// Every process runs its start-up warm-ups (the sign-in keys and token handler, a submission's
/// and each consumer's path) before it says it is ready, and they change nothing: their writes
/// happen in transactions that are rolled back.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class StartupWarmupTests(PlatformFixture platform)
{
    [Fact]
    public async Task EveryServiceAndTheGateway_ReportTheirWarmupsDone_InTheirReadiness()
    {
        using var http = new HttpClient();
        var addresses = platform.ServiceAddresses.Values.Append(platform.GatewayAddress);
        foreach (var address in addresses)
        {
            using var health = JsonDocument.Parse(await http.GetStringAsync(new Uri(address, "/health")));
            var warmup = health.RootElement.GetProperty("checks").EnumerateArray()
                .SingleOrDefault(check => check.GetProperty("name").GetString() == "warm-up");
            Assert.True(warmup.ValueKind == JsonValueKind.Object, $"{address} has no warm-up check");
            Assert.Equal("Healthy", warmup.GetProperty("status").GetString());
            // A warm-up that failed still lets the service be ready, and says so here.
            Assert.True(warmup.GetProperty("description").ValueKind == JsonValueKind.Null, $"{address}: {warmup.GetProperty("description")}");
        }
    }

    [Theory]
    [InlineData("SELECT count(*) FROM ingestion.submissions WHERE submitted_by = 'start-up warm-up'")]
    [InlineData("SELECT count(*) FROM ingestion.outbox_messages WHERE body::text LIKE '%Zqwarmupzq%'")]
    [InlineData("SELECT count(*) FROM catalogue.papers WHERE submitted_by = 'start-up warm-up'")]
    [InlineData("SELECT count(*) FROM trending.papers WHERE arxiv_id = 'warm-up/0000001'")]
    public async Task TheWarmups_LeaveNothingBehind(string count)
    {
        await platform.WaitUntilHealthyAsync(); // every warm-up has ended
        await using var connection = new NpgsqlConnection(TestEnvironment.DatabaseAdmin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(count, connection);

        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }
}
