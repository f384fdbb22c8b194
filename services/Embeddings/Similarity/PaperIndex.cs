using System.Collections.Concurrent;
using System.Numerics;

namespace PapersPlatform.Embeddings.Similarity;

/// <summary>A paper in the index: what a related-papers answer shows of it, and its vector.</summary>
public sealed record IndexedPaper(string ArxivId, string Title, float[] Vector);

/// <summary>A paper and how close it is to what was asked (cosine similarity, -1 to 1).</summary>
public sealed record Neighbour(string ArxivId, string Title, float Similarity);

/// <summary>
/// Every embedded paper's vector in memory, searched exactly: the query's dot product with each
/// vector (unit vectors: the dot product is the cosine), the best k kept in a heap. Exact search
/// reads every vector once per query; docs/search.md gives its cost by catalogue size and where an
/// approximate index takes over.
/// </summary>
public sealed class PaperIndex
{
    private readonly ConcurrentDictionary<string, IndexedPaper> _papers = new(StringComparer.Ordinal);
    private volatile bool _loaded;

    public int Count => _papers.Count;

    /// <summary>Whether every vector stored when the service started is in (<see cref="PaperIndexRefresher"/>).</summary>
    public bool IsLoaded => _loaded;

    public void MarkLoaded() => _loaded = true;

    public void Add(string arxivId, string title, float[] vector) => _papers[arxivId] = new IndexedPaper(arxivId, title, vector);

    public IndexedPaper? Find(string arxivId) => _papers.GetValueOrDefault(arxivId);

    /// <summary>The <paramref name="count"/> papers nearest to <paramref name="query"/>, nearest first, leaving <paramref name="except"/> out.</summary>
    public IReadOnlyList<Neighbour> Nearest(ReadOnlySpan<float> query, int count, string? except = null)
    {
        var best = new PriorityQueue<IndexedPaper, float>(count + 1); // the worst of the best on top
        foreach (var paper in _papers.Values)
        {
            if (paper.ArxivId == except)
            {
                continue;
            }
            var similarity = Dot(query, paper.Vector);
            if (best.Count < count)
            {
                best.Enqueue(paper, similarity);
            }
            else if (best.TryPeek(out _, out var worst) && similarity > worst)
            {
                best.EnqueueDequeue(paper, similarity);
            }
        }
        var nearest = new List<Neighbour>(best.Count);
        while (best.TryDequeue(out var paper, out var similarity))
        {
            nearest.Add(new Neighbour(paper.ArxivId, paper.Title, similarity));
        }
        nearest.Reverse();
        return nearest;
    }

    internal static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            sum += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        }
        var total = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }
        return total;
    }
}
