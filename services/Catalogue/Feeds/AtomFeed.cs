using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using PapersPlatform.Catalogue.Listings;

namespace PapersPlatform.Catalogue.Feeds;

/// <summary>Renders a listing as an RFC 4287 Atom feed, the format every feed reader accepts.</summary>
public static class AtomFeed
{
    public const string ContentType = "application/atom+xml; charset=utf-8";

    public static byte[] Render(string title, Uri self, IReadOnlyList<ListedPaper> papers, DateTimeOffset now)
    {
        var feed = new SyndicationFeed
        {
            Id = self.AbsoluteUri,
            Title = new TextSyndicationContent(title),
            // An empty feed was last updated now; otherwise when its newest paper arrived.
            LastUpdatedTime = papers.Count == 0 ? now : papers.Max(item => item.Paper.SubmittedAt),
            Generator = "Papers Platform",
            Items = [.. papers.Select(item => ToEntry(item, self))],
        };
        feed.Authors.Add(new SyndicationPerson { Name = "Papers Platform" });
        feed.Links.Add(new SyndicationLink(self, "self", title, "application/atom+xml", 0));

        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            new Atom10FeedFormatter(feed).WriteTo(writer);
        }
        return buffer.ToArray();
    }

    private static SyndicationItem ToEntry(ListedPaper item, Uri self)
    {
        var paper = item.Paper;
        var api = new Uri(self, $"/api/papers/{paper.ArxivId}");
        var entry = new SyndicationItem
        {
            // The arXiv abstract page is the paper's permanent, globally unique identity.
            Id = $"https://arxiv.org/abs/{paper.ArxivId}",
            Title = new TextSyndicationContent(paper.Title),
            Summary = new TextSyndicationContent(paper.Abstract),
            Content = new TextSyndicationContent(
                $"{paper.Upvotes} upvote{(paper.Upvotes == 1 ? "" : "s")} · submitted by {paper.SubmittedBy}"
                + (paper.Organization is null ? "" : $" · {paper.Organization}")),
            PublishDate = paper.PublishedAt,
            LastUpdatedTime = paper.SubmittedAt,
        };
        foreach (var author in paper.Authors)
        {
            entry.Authors.Add(new SyndicationPerson { Name = author });
        }
        entry.Links.Add(new SyndicationLink(new Uri($"https://arxiv.org/abs/{paper.ArxivId}"), "alternate", paper.Title, "text/html", 0));
        entry.Links.Add(new SyndicationLink(api, "related", "Paper on Papers Platform (JSON)", "application/json", 0));
        foreach (var (url, label) in new[] { (paper.CodeUrl, "Code"), (paper.ProjectUrl, "Project page") })
        {
            if (url is not null && Uri.TryCreate(url, UriKind.Absolute, out var link))
            {
                entry.Links.Add(new SyndicationLink(link, "related", label, null, 0));
            }
        }
        return entry;
    }
}
