using System.Numerics;

namespace PapersPlatform.Embeddings.Similarity;

/// <summary>A paper in the index: what a related-papers answer shows of it, and its vector.</summary>
public sealed record IndexedPaper(string ArxivId, string Title, float[] Vector);

/// <summary>A paper and how close it is to what was asked (cosine similarity, -1 to 1).</summary>
public sealed record Neighbour(string ArxivId, string Title, float Similarity);

/// <summary>
/// Every embedded paper's vector in memory, searched exactly: the query's dot product with each
/// vector (unit vectors: the dot product is the cosine), the best k kept in a heap. The vectors lie
/// one after another in large blocks, so a query streams through memory instead of chasing one
/// object per paper: at 100,000 papers that made a query 4× faster (docs/search.md). Adding is
/// serialised; queries read without a lock, up to the count published after each add.
/// </summary>
public sealed class PaperIndex
{
    /// <summary>Vectors per block: 4,096 × 384 floats, 6 MiB.</summary>
    private const int BlockSize = 4_096;

    private readonly Lock _adding = new();
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private volatile float[][] _blocks = [];
    private volatile string[] _ids = [];
    private volatile string[] _titles = [];
    private int _count;
    private volatile bool _loaded;

    public PaperIndex(int dimensions = Encoding.TextEncoder.Dimensions) => Dimensions = dimensions;

    public int Dimensions { get; }

    public int Count => Volatile.Read(ref _count);

    /// <summary>Whether every vector stored when the service started is in (<see cref="PaperIndexRefresher"/>).</summary>
    public bool IsLoaded => _loaded;

    public void MarkLoaded() => _loaded = true;

    /// <summary>
    /// Adds a paper, or replaces its vector and title when it is in already (a query running at that
    /// moment may read the vector half replaced: a paper is embedded once, so that does not happen).
    /// </summary>
    public void Add(string arxivId, string title, float[] vector)
    {
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"A vector of {vector.Length} dimensions; the index holds {Dimensions}.", nameof(vector));
        }
        lock (_adding)
        {
            if (!_slots.TryGetValue(arxivId, out var slot))
            {
                slot = _count;
                Grow(slot + 1);
                _slots[arxivId] = slot;
            }
            vector.CopyTo(_blocks[slot / BlockSize].AsSpan(slot % BlockSize * Dimensions, Dimensions));
            _ids[slot] = arxivId;
            _titles[slot] = title;
            if (slot == _count)
            {
                Volatile.Write(ref _count, slot + 1); // published last: a query never sees a half-written slot
            }
        }
    }

    public IndexedPaper? Find(string arxivId) =>
        SlotOf(arxivId) is var slot and >= 0 ? new IndexedPaper(arxivId, _titles[slot], VectorAt(slot).ToArray()) : null;

    public bool Contains(string arxivId) => SlotOf(arxivId) >= 0;

    private int SlotOf(string arxivId)
    {
        lock (_adding)
        {
            return _slots.TryGetValue(arxivId, out var slot) ? slot : -1;
        }
    }

    /// <summary>The <paramref name="count"/> papers nearest to <paramref name="query"/>, nearest first, leaving <paramref name="except"/> out.</summary>
    public IReadOnlyList<Neighbour> Nearest(ReadOnlySpan<float> query, int count, string? except = null)
    {
        // The count first: the arrays read after it hold at least that many papers (they grow before it is published).
        var size = Count;
        var (blocks, ids, titles) = (_blocks, _ids, _titles);
        var skipped = except is null ? -1 : SlotOf(except);
        var best = new PriorityQueue<int, float>(count + 1); // the worst of the best on top
        for (var slot = 0; slot < size; slot++)
        {
            if (slot == skipped)
            {
                continue;
            }
            var similarity = Dot(query, blocks[slot / BlockSize].AsSpan(slot % BlockSize * Dimensions, Dimensions));
            if (best.Count < count)
            {
                best.Enqueue(slot, similarity);
            }
            else if (best.TryPeek(out _, out var worst) && similarity > worst)
            {
                best.EnqueueDequeue(slot, similarity);
            }
        }
        var nearest = new List<Neighbour>(best.Count);
        while (best.TryDequeue(out var slot, out var similarity))
        {
            nearest.Add(new Neighbour(ids[slot], titles[slot], similarity));
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

    private ReadOnlySpan<float> VectorAt(int slot) => _blocks[slot / BlockSize].AsSpan(slot % BlockSize * Dimensions, Dimensions);

    /// <summary>Makes room for <paramref name="size"/> papers: a new block when the last is full; the arrays of ids and titles doubled.</summary>
    private void Grow(int size)
    {
        if (size > _blocks.Length * BlockSize)
        {
            _blocks = [.. _blocks, new float[BlockSize * Dimensions]];
        }
        if (size > _ids.Length)
        {
            var length = Math.Max(BlockSize, _ids.Length * 2);
            var (ids, titles) = (new string[length], new string[length]);
            _ids.CopyTo(ids, 0);
            _titles.CopyTo(titles, 0);
            (_ids, _titles) = (ids, titles);
        }
    }
}
