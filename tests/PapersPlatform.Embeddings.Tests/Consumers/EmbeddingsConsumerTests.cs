using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using PapersPlatform.Embeddings.Consumers;
using PapersPlatform.Embeddings.Encoding;
using PapersPlatform.Embeddings.Extensions;
using PapersPlatform.Embeddings.Infrastructure;
using PapersPlatform.Embeddings.Model;
using PapersPlatform.Messaging;
using PapersPlatform.Testing;

namespace PapersPlatform.Embeddings.Tests.Consumers;

/// <summary>
/// The embeddings service's consumer and worker alone, on a database and a virtual host of their
/// own: a paper is stored once however often it comes, and the worker gives it one vector.
/// </summary>
public sealed class EmbeddingsConsumerTests(EmbeddingsConsumerTests.Host host) : IClassFixture<EmbeddingsConsumerTests.Host>
{
    private static readonly DateTimeOffset SubmittedAt = Messages.Microseconds(DateTimeOffset.UtcNow.AddHours(-1));

    [Fact]
    public async Task A_paper_delivered_twice_and_again_under_another_message_id_is_stored_and_embedded_once()
    {
        var paper = TestHelpers.UniqueArxivId();
        var published = Messages.Published(paper, SubmittedAt, title: "Rectified flows for fast sampling");

        var id = await host.Consumers.DeliverAsync("paper-published", "PaperPublished", published);
        await host.Consumers.DeliverAsync("paper-published", "PaperPublished", published, id);
        await host.Consumers.DeliverAsync("paper-published", "PaperPublished", published);

        var stored = await TestHelpers.EventuallyAsync(async () =>
        {
            await using var db = host.Consumers.CreateContext();
            return await db.Papers.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.ArxivId == paper && candidate.EmbeddedAt != null);
        }, $"{paper} embedded");
        Assert.Equal(EmbeddedText.Of("Rectified flows for fast sampling", $"The abstract of {paper}."), stored.Text);
        Assert.Equal(TextEncoder.Dimensions, stored.Vector!.Length);
        Assert.Null(stored.FailedAt);
        Assert.True(await host.Consumers.InInboxAsync(id, nameof(PaperPublishedConsumer)));
    }

    [Fact]
    public async Task A_paper_another_instance_or_the_backfill_stored_and_embedded_first_is_left_as_it_is()
    {
        var paper = TestHelpers.UniqueArxivId();
        var vector = Enumerable.Repeat(1f / MathF.Sqrt(TextEncoder.Dimensions), TextEncoder.Dimensions).ToArray();
        var embeddedAt = Messages.Microseconds(DateTimeOffset.UtcNow.AddMinutes(-1));
        await using (var db = host.Consumers.CreateContext())
        {
            db.Papers.Add(new PaperEmbedding { ArxivId = paper, Title = "Stored first", Text = "Stored first.", SubmittedAt = SubmittedAt, Vector = vector, EmbeddedAt = embeddedAt });
            await db.SaveChangesAsync();
        }

        var id = await host.Consumers.DeliverAsync("paper-published", "PaperPublished", Messages.Published(paper, SubmittedAt, title: "Published later"));

        Assert.True(await host.Consumers.InInboxAsync(id, nameof(PaperPublishedConsumer)));
        await using var check = host.Consumers.CreateContext();
        var stored = await check.Papers.AsNoTracking().SingleAsync(candidate => candidate.ArxivId == paper);
        Assert.Equal(("Stored first", embeddedAt), (stored.Title, stored.EmbeddedAt));
        Assert.Equal(vector, stored.Vector);
    }

    [Fact]
    public async Task A_burst_of_publications_is_stored_in_batches_and_every_paper_gets_its_vector()
    {
        var papers = Enumerable.Range(0, 20).Select(_ => TestHelpers.UniqueArxivId()).ToList();

        var ids = await host.Consumers.DeliverBurstAsync("paper-published", "PaperPublished",
            [.. papers.Select((paper, index) => Messages.Published(paper, SubmittedAt.AddSeconds(index), title: $"Paper number {index} on graph networks"))]);

        Assert.True(await host.Consumers.LargestBatchAsync(ids, nameof(PaperPublishedConsumer)) > 1,
            "the consumer stored every publication of the burst on its own: the test did not exercise a batch");
        await TestHelpers.EventuallyAsync(async () =>
        {
            await using var db = host.Consumers.CreateContext();
            return await db.Papers.CountAsync(paper => papers.Contains(paper.ArxivId) && paper.EmbeddedAt != null) == papers.Count ? (bool?)true : null;
        }, "every paper of the burst embedded");
    }

    /// <summary>The consumer with the worker and index it wakes, as the service registers them.</summary>
    public sealed class Host : ConsumerFixture<EmbeddingsDbContext>
    {
        protected override Task<ConsumerHost<EmbeddingsDbContext>> StartAsync() =>
            ConsumerHost<EmbeddingsDbContext>.StartAsync(EmbeddingsDbContext.Schema,
                bus => bus.AddBatchConsumer<PaperPublishedConsumer>(),
                services => services.AddEmbedding(new ConfigurationBuilder().Build()));
    }
}
