using Microsoft.EntityFrameworkCore;
using PapersPlatform.Embeddings.Model;

namespace PapersPlatform.Embeddings.Infrastructure;

public static class EmbeddingsDbContextExtensions
{
    /// <summary>
    /// Adds the papers not stored yet, to be embedded, and leaves the stored ones as they are (a
    /// redelivery, a second publication, a paper the backfill and a message both bring): what the
    /// consumer and the backfill both do. Returns how many it added; the caller saves.
    /// </summary>
    public static async Task<int> AddPapersNotStoredAsync(
        this EmbeddingsDbContext db, IEnumerable<(string ArxivId, string Title, string Abstract, DateTimeOffset SubmittedAt)> papers, CancellationToken cancellationToken)
    {
        var distinct = papers.DistinctBy(paper => paper.ArxivId).ToList();
        var ids = distinct.Select(paper => paper.ArxivId).ToList();
        var stored = (await db.Papers.Where(paper => ids.Contains(paper.ArxivId)).Select(paper => paper.ArxivId).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var added = distinct.Where(paper => !stored.Contains(paper.ArxivId)).Select(paper => new PaperEmbedding
        {
            ArxivId = paper.ArxivId,
            Title = paper.Title,
            Text = EmbeddedText.Of(paper.Title, paper.Abstract),
            SubmittedAt = paper.SubmittedAt,
        }).ToList();
        db.Papers.AddRange(added);
        return added.Count;
    }
}
