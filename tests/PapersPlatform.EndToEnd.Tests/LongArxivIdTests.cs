namespace PapersPlatform.EndToEnd.Tests;

/// <summary>Every service keeps arXiv ids of up to 64 characters, as ingestion and the catalogue do.</summary>
[Collection(PlatformCollection.Name)]
public sealed class LongArxivIdTests
{
    [Fact]
    public async Task Notification_PaperWithA40CharacterId_IsKeptForDigests()
    {
        using var broker = new Broker();
        var arxivId = $"physics.a-very-long-archive-name/{Random.Shared.NextInt64(10_000_000_000, 99_999_999_999)}"[..40];
        var messageId = await broker.DeliverAsync("notification-paper-published", "PaperPublished", new
        {
            arxivId, title = "A long id", @abstract = "Old-style ids can be long.", authors = new[] { "Ada Lovelace" },
            organization = (string?)null, publishedAt = DateTimeOffset.UtcNow, submittedAt = DateTimeOffset.UtcNow, submittedBy = "someone",
            codeUrl = (string?)null, projectUrl = (string?)null,
        });

        await AdminDatabase.WaitForInboxAsync("notification", messageId, "PaperPublishedConsumer", TimeSpan.FromSeconds(20));
        Assert.Equal(1, await AdminDatabase.ScalarAsync<long>("SELECT count(*) FROM notification.papers WHERE arxiv_id = $1", arxivId));
    }
}
