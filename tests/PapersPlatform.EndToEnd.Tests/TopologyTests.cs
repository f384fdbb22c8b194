using PapersPlatform.Contracts;
using PapersPlatform.Messaging;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>
/// The queues producers declare before their first publish (<see cref="PlatformTopology"/>) are
/// exactly the queues the running services consume: a consumer added without being listed there
/// would lose the events published before its first start.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TopologyTests(PlatformFixture platform)
{
    public static TheoryData<string> Contracts =>
        [.. typeof(PaperPublished).Assembly.GetExportedTypes().Where(type => type.Namespace == "PapersPlatform.Contracts").Select(type => type.Name)];

    [Theory]
    [MemberData(nameof(Contracts))]
    public async Task ConsumerQueuesOfEveryContract_AreTheOnesProducersDeclare(string contract)
    {
        Assert.NotEmpty(platform.Processes); // every service has started and declared its queues
        using var broker = new Broker();
        var listed = (PlatformTopology.ConsumerQueues.FirstOrDefault(entry => entry.Key.Name == contract).Value ?? []).Order();

        var consumed = await broker.ConsumerQueuesOfAsync(contract);

        Assert.Equal(listed, consumed);
    }
}
