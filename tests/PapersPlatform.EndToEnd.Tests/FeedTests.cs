using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>Atom feeds through the gateway: a day, a search, and papers above an upvote threshold.</summary>
[Collection(PlatformCollection.Name)]
public sealed class FeedTests(PlatformFixture platform)
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Fact]
    public async Task SearchFeed_IsValidAtomWithEveryMatch()
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();
        var word = TestHelpers.UniqueWord();
        var arxivId = TestHelpers.UniqueArxivId();
        (await client.SubmitPaperAsync(arxivId, $"Feeds about {word} & <friends>", "An abstract with ünïcödé.")).Dispose();
        await client.WaitForPaperAsync(arxivId);

        var (feed, document) = await ReadFeedAsync(client, $"/api/feeds/papers?q={word}");

        var entry = Assert.Single(feed.Items);
        Assert.Equal($"Feeds about {word} & <friends>", entry.Title.Text);
        Assert.Equal($"https://arxiv.org/abs/{arxivId}", entry.Id);
        Assert.Equal(["Ada Lovelace", "Alan Turing"], entry.Authors.Select(author => author.Name));
        AssertRequiredAtomElements(document);
    }

    [Fact]
    public Task DayFeed_ListsTodaysNewestPapers() => TestHelpers.OnOneUtcDayAsync(async () =>
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();
        var organization = $"Lab {TestHelpers.UniqueWord()}";
        var ids = await ListingTests.SubmitAsync(client, organization, 2);
        await ListingTests.WaitForListingAsync(client, $"organization={Uri.EscapeDataString(organization)}", 2);

        var (feed, document) = await ReadFeedAsync(client, $"/api/feeds/papers?date=today&organization={Uri.EscapeDataString(organization)}");

        Assert.Equal(ids.AsEnumerable().Reverse().Select(id => $"https://arxiv.org/abs/{id}"), feed.Items.Select(item => item.Id));
        Assert.Contains("submitted on", feed.Title.Text, StringComparison.Ordinal);
        AssertRequiredAtomElements(document);
    });

    [Fact]
    public async Task UpvoteThresholdFeed_HasOnlyPapersAtOrAboveIt()
    {
        using var submitter = platform.CreateClient();
        await submitter.SignUpAndSignInAsync();
        using var voter = platform.CreateClient();
        await voter.SignUpAndSignInAsync();
        var organization = $"Lab {TestHelpers.UniqueWord()}";
        var ids = await ListingTests.SubmitAsync(submitter, organization, 2);
        await ListingTests.WaitForListingAsync(submitter, $"organization={Uri.EscapeDataString(organization)}", 2);
        (await voter.Http.PostAsync($"/api/papers/{ids[0]}/upvote", null)).Dispose();

        var (popular, _) = await ReadFeedAsync(submitter, $"/api/feeds/papers?minUpvotes=1&organization={Uri.EscapeDataString(organization)}");
        var (none, document) = await ReadFeedAsync(submitter, $"/api/feeds/papers?minUpvotes=2&organization={Uri.EscapeDataString(organization)}");

        Assert.Equal([$"https://arxiv.org/abs/{ids[0]}"], popular.Items.Select(item => item.Id));
        Assert.Empty(none.Items);
        AssertRequiredAtomElements(document);
    }

    [Fact]
    public async Task Feed_BadParameter_Is400Problem()
    {
        using var client = platform.CreateClient();
        using var response = await client.Http.GetAsync("/api/feeds/papers?date=yesterday");
        await response.EnsureStatusAsync(HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<(SyndicationFeed Feed, XDocument Document)> ReadFeedAsync(GatewayClient client, string path)
    {
        using var response = await client.Http.GetAsync(path);
        await response.EnsureStatusAsync(HttpStatusCode.OK);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        // What a feed reader does: parse it as Atom 1.0.
        using var reader = XmlReader.Create(new MemoryStream(bytes));
        var feed = SyndicationFeed.Load(reader);
        return (feed, XDocument.Load(new MemoryStream(bytes)));
    }

    /// <summary>RFC 4287's musts: the feed and each entry have an id, a title and an updated time; every entry has an author (or the feed does).</summary>
    private static void AssertRequiredAtomElements(XDocument document)
    {
        var feed = document.Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        foreach (var element in new[] { feed }.Concat(feed.Elements(Atom + "entry")))
        {
            Assert.NotNull(element.Element(Atom + "id"));
            Assert.NotNull(element.Element(Atom + "title"));
            Assert.True(DateTimeOffset.TryParse(element.Element(Atom + "updated")?.Value, out _), "updated must be a date");
        }
        Assert.NotNull(feed.Element(Atom + "author"));
        Assert.Contains(feed.Elements(Atom + "link"), link => (string?)link.Attribute("rel") == "self");
    }
}
