using PapersPlatform.Testing;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>A service handed one of deploy/compose.env.example's placeholders refuses to start, and says which.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ExampleSecretsTests(PlatformFixture platform)
{
    public static TheoryData<string, string, string> Placeholders => new()
    {
        { "notification", "Mail__UnsubscribeKey", "change-me-to-at-least-32-random-characters" },
        { "catalogue", "ConnectionStrings__Postgres", $"{TestEnvironment.ConnectionStringFor("catalogue")};Password=change-me" },
        { "trending", "ConnectionStrings__RabbitMq", "amqp://papers:change-me@127.0.0.1:5672/" },
    };

    [Theory]
    [MemberData(nameof(Placeholders))]
    public async Task A_Service_With_An_Example_Secret_Refuses_To_Start(string service, string setting, string placeholder)
    {
        var (process, _) = platform.StartExtraInstance(service, $"{service}-example-secret", new Dictionary<string, string> { [setting] = placeholder });
        await using var _ = process;

        await TestHelpers.EventuallyAsync(() => Task.FromResult(process.HasExited ? (bool?)true : null),
            $"{service} to refuse the placeholder", TimeSpan.FromSeconds(60));
        Assert.Contains("example value from deploy/compose.env.example", process.Tail(60));
    }
}
