using System.Text;
using System.Xml;
using PapersPlatform.Ingestion.Import;

namespace PapersPlatform.Ingestion.Tests;

public sealed class ArxivAtomReaderTests
{
    private const string Feed = """
        <?xml version="1.0" encoding="UTF-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
          <title>arXiv Query</title>
          <entry>
            <id>http://arxiv.org/abs/2405.01234v2</id>
            <published>2024-05-02T17:59:59Z</published>
            <title>Wrapped
              title</title>
            <summary>An abstract.</summary>
            <author><name>Ada Lovelace</name></author>
            <author><name>Alan Turing</name><arxiv:affiliation>Bletchley Park</arxiv:affiliation></author>
          </entry><entry>
            <id>http://arxiv.org/abs/hep-th/9901001v1</id>
            <published>not a date</published>
            <title>Old style</title>
            <summary>Old.</summary>
            <author><name>Ed Witten</name></author>
          </entry>
        </feed>
        """;

    [Fact]
    public async Task ReadAsync_ArxivApiFeed_MapsEveryEntry()
    {
        var items = await ArxivAtomReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(Feed)), CancellationToken.None);

        Assert.Equal(2, items.Count); // adjacent entries are both read
        var first = items[0].Request!;
        Assert.Equal("2405.01234v2", first.ArxivId);
        Assert.Equal("Wrapped title", first.Title);
        Assert.Equal(["Ada Lovelace", "Alan Turing"], first.Authors);
        Assert.Equal("Bletchley Park", first.Organization);
        Assert.Equal(new DateTimeOffset(2024, 5, 2, 17, 59, 59, TimeSpan.Zero), first.PublishedAt);
        Assert.Equal("hep-th/9901001v1", items[1].Request!.ArxivId);
        Assert.Null(items[1].Request!.PublishedAt); // left for validation to refuse
    }

    [Fact]
    public async Task ReadAsync_Dtd_IsRefused()
    {
        const string hostile = """<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY x "boom">]><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&x;</title></entry></feed>""";

        await Assert.ThrowsAsync<XmlException>(() => ArxivAtomReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(hostile)), CancellationToken.None));
    }
}
