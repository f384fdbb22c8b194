using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using PapersPlatform.Ingestion.Apis;

namespace PapersPlatform.Ingestion.Import;

/// <summary>
/// The arXiv API's Atom feed (export.arxiv.org/api/query): one &lt;entry&gt; per paper with its abs URL
/// as id, title, summary, authors with optional affiliations, and the first version's date.
/// </summary>
public static partial class ArxivAtomReader
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Arxiv = "http://arxiv.org/schemas/atom";

    /// <summary>Reads every entry; malformed XML throws <see cref="XmlException"/> before anything is stored.</summary>
    public static async Task<List<ImportItem>> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        // No DTDs: an uploaded file must not be able to expand entities or fetch anything.
        var settings = new XmlReaderSettings { Async = true, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true };
        using var reader = XmlReader.Create(body, settings);
        var items = new List<ImportItem>();
        await reader.MoveToContentAsync();
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "entry" && reader.NamespaceURI == Atom.NamespaceName)
            {
                // Reading the entry moves the reader past it, onto whatever follows.
                var entry = (XElement)await XNode.ReadFromAsync(reader, cancellationToken);
                items.Add(new ImportItem(items.Count + 1, ToRequest(entry), null));
            }
            else
            {
                await reader.ReadAsync();
            }
        }
        return items;
    }

    private static SubmitPaperRequest ToRequest(XElement entry)
    {
        var authors = entry.Elements(Atom + "author").ToList();
        return new SubmitPaperRequest(
            ArxivId: IdFromAbsUrl(Text(entry.Element(Atom + "id"))),
            Title: Text(entry.Element(Atom + "title"))!,
            Abstract: Text(entry.Element(Atom + "summary"))!,
            Authors: [.. authors.Select(author => Text(author.Element(Atom + "name")) ?? "")],
            Organization: authors.Select(author => Text(author.Element(Arxiv + "affiliation"))).FirstOrDefault(name => name is not null),
            PublishedAt: DateTimeOffset.TryParse(Text(entry.Element(Atom + "published")), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var published)
                ? published : null,
            CodeUrl: null,
            ProjectUrl: null);
    }

    /// <summary>"http://arxiv.org/abs/2405.01234v2" → "2405.01234v2" (the version is stripped by validation's parser).</summary>
    private static string IdFromAbsUrl(string? id)
    {
        if (id is null)
        {
            return null!;
        }
        var marker = id.IndexOf("/abs/", StringComparison.Ordinal);
        return marker < 0 ? id : id[(marker + "/abs/".Length)..];
    }

    /// <summary>arXiv wraps titles and abstracts at ~80 columns: runs of whitespace become one space.</summary>
    private static string? Text(XElement? element) =>
        element is null ? null : Whitespace().Replace(element.Value, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
