using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Catalogue.Infrastructure;
using PapersPlatform.Catalogue.Model;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Catalogue.Listings;

/// <summary>The parts of a paper that match a search, as HTML: the text escaped, matches in &lt;mark&gt;.</summary>
public sealed record Highlight(string Title, string Abstract);

public static class Highlights
{
    // Private-use characters mark the matches so that the text around them can be HTML-escaped
    // afterwards: a title containing "<script>" must come out as text, not markup.
    private const char Start = '\uE000';
    private const char Stop = '\uE001';
    // Escapes only what HTML needs: accents, CJK and math stay readable characters.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly string Options = $"StartSel={Start}, StopSel={Stop}, MaxFragments=2, MinWords=12, MaxWords=30, FragmentDelimiter=\" … \"";

    /// <summary>ts_headline for one page of results only: it re-parses each document, which is too costly for every match.</summary>
    public static async Task<Dictionary<string, Highlight>> ReadAsync(CatalogueDbContext db, string search, string[] arxivIds, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQuery<HeadlineRow>(ModelSql.Statement($"""
            SELECT p.arxiv_id,
                   ts_headline('english', p.title, q.query, 'HighlightAll=true, ' || {Options}) AS title,
                   ts_headline('english', p.abstract, q.query, {Options}) AS abstract
            FROM {db.TableOf<Paper>()} p, websearch_to_tsquery('english', {search}) AS q(query)
            WHERE p.arxiv_id = ANY({arxivIds})
            """)).ToListAsync(cancellationToken);
        return rows.ToDictionary(row => row.ArxivId, row => new Highlight(ToHtml(row.Title), ToHtml(row.Abstract)));
    }

    /// <summary>Escapes the headline's text and turns the match markers into &lt;mark&gt; elements.</summary>
    public static string ToHtml(string headline)
    {
        var html = new StringBuilder(headline.Length + 32);
        var open = false;
        foreach (var part in headline.Split([Start, Stop]))
        {
            html.Append(Encoder.Encode(part));
            html.Append(open ? "</mark>" : "<mark>");
            open = !open;
        }
        // Every part but the last was followed by a marker; drop the one appended after the last.
        html.Length -= open ? "<mark>".Length : "</mark>".Length;
        return html.ToString();
    }

    private sealed record HeadlineRow(string ArxivId, string Title, string Abstract);
}
