using System.Collections.Concurrent;
using System.Numerics;

namespace PapersPlatform.Embeddings.Similarity;

/// <summary>A paper in the index: what a related-papers answer shows of it, and its vector.</summary>
public sealed record IndexedPaper(string ArxivId, string Title, float[] Vector);

/// <summary>A paper and how close it is to what was asked (cosine similarity, -1 to 1).</summary>
public sealed record Neighbour(string ArxivId, string Title, float Similarity);

/// <summary>
/// Every embedded paper's vector in memory. The vectors lie one after another in large blocks, so
/// a scan streams through memory instead of chasing one object per paper (4× faster at 100,000
/// papers, docs/search.md). Up to <see cref="ExactUpTo"/> papers a query reads every vector: the
/// query's dot product with each (unit vectors: the dot product is the cosine), the best k kept
/// in a heap. Past that, reading every vector costs too much (1.5 GB, 60 to 180 ms at a million):
/// a query reads the <see cref="SignCodes"/> (48 bytes a paper) of the papers in the
/// <see cref="Probes"/> <see cref="Regions"/> nearest it, keeps the closest by code
/// (<see cref="ShortlistAt"/>), ranks those by their vectors in bytes (<see cref="ByteVectors"/>,
/// a quarter of the memory to read) and the best few of them exactly. The answer is then
/// approximate; its recall against the exact answer is measured in docs/search.md.
/// Adding is serialised; queries read without a lock, up to the count published after each add.
/// </summary>
public sealed class PaperIndex(
    int dimensions = Encoding.TextEncoder.Dimensions, int exactUpTo = PaperIndex.DefaultExactUpTo,
    int shortlist = PaperIndex.DefaultShortlist, double shortlistShare = PaperIndex.DefaultShortlistShare,
    int regions = PaperIndex.DefaultRegions, int probes = PaperIndex.DefaultProbes)
{
    public const int DefaultExactUpTo = 20_000;
    public const int DefaultShortlist = 2_000;
    public const double DefaultShortlistShare = 0.005;
    public const int DefaultRegions = 256;
    public const int DefaultProbes = 16;

    /// <summary>Vectors per block: 4,096 × 384 floats, 6 MiB.</summary>
    private const int BlockSize = 4_096;

    private readonly Lock _adding = new();
    private readonly ConcurrentDictionary<string, int> _slots = new(StringComparer.Ordinal);
    private volatile float[][] _blocks = [];
    private volatile string[] _ids = [];
    private volatile string[] _titles = [];
    private volatile Regions? _regions;
    private readonly ByteVectors _bytes = new(dimensions);
    private int _count;
    private volatile bool _loaded;

    public int Dimensions { get; } = dimensions;

    /// <summary>Up to this many papers, a query compares it with every one (exact); past it, with a shortlist.</summary>
    public int ExactUpTo { get; } = exactUpTo;

    /// <summary>Papers a query past <see cref="ExactUpTo"/> scores by their bytes, chosen by their sign codes: at least this many…</summary>
    public int Shortlist { get; } = shortlist;

    /// <summary>…or this share of the index, when more: the larger the index, the more papers lie about as close by their codes.</summary>
    public double ShortlistShare { get; } = shortlistShare;

    /// <summary>The shortlist of a query when the index holds <paramref name="size"/> papers.</summary>
    public int ShortlistAt(int size) => Math.Max(Shortlist, (int)(size * ShortlistShare));

    /// <summary>The regions the papers are cut into once the index is past <see cref="ExactUpTo"/> (k-means on the papers in it then).</summary>
    public int RegionCount { get; } = regions;

    /// <summary>The regions nearest a query whose papers it reads.</summary>
    public int Probes { get; } = probes;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Whether queries take a shortlist by sign codes in regions (the index is past <see cref="ExactUpTo"/>).</summary>
    public bool IsApproximate => _regions is not null;

    /// <summary>How many papers the fullest region lists against the mean; null while the index is exact.</summary>
    public double? LargestRegionToMean => _regions?.LargestToMean();

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
            }
            vector.CopyTo(_blocks[slot / BlockSize].AsSpan(slot % BlockSize * Dimensions, Dimensions));
            _bytes.Write(slot, vector);
            _regions?.Assign(slot, vector);
            _ids[slot] = arxivId;
            _titles[slot] = title;
            if (slot == _count)
            {
                Volatile.Write(ref _count, slot + 1); // published last: a query never sees a half-written slot
                _slots[arxivId] = slot;
            }
            if (_regions is null && _count > ExactUpTo)
            {
                _regions = Regions.Train(VectorsUpTo(_count), RegionCount, Dimensions); // every paper listed before queries see it
            }
        }
    }

    public IndexedPaper? Find(string arxivId) =>
        SlotOf(arxivId) is var slot and >= 0 ? new IndexedPaper(arxivId, _titles[slot], VectorAt(slot).ToArray()) : null;

    public bool Contains(string arxivId) => SlotOf(arxivId) >= 0;

    private int SlotOf(string arxivId) => _slots.TryGetValue(arxivId, out var slot) ? slot : -1;

    /// <summary>The <paramref name="count"/> papers nearest to <paramref name="query"/>, nearest first, leaving <paramref name="except"/> out.</summary>
    /// <param name="shortlist">Papers shortlisted by their codes, when not <see cref="ShortlistAt"/>; at least <see cref="Count"/>: every vector read, an exact answer (the benchmark's measure of recall).</param>
    /// <param name="probes">Regions read, when not <see cref="Probes"/>; at least <see cref="RegionCount"/>: every paper's code (the benchmark's comparison).</param>
    /// <param name="rankedExactly">Papers of the shortlist ranked by their exact vectors, the best by their bytes, when not <see cref="RankedExactly"/>; at least the shortlist: every one, no bytes read (the benchmark's comparison).</param>
    public IReadOnlyList<Neighbour> Nearest(
        ReadOnlySpan<float> query, int count, string? except = null, int? shortlist = null, int? probes = null, int? rankedExactly = null)
    {
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"A query of {query.Length} dimensions; the index holds {Dimensions}.", nameof(query));
        }
        // The count first: the arrays read after it hold at least that many papers (they grow before it is published).
        var size = Count;
        var (blocks, ids, titles, regions) = (_blocks, _ids, _titles, _regions);
        var skipped = except is null ? -1 : SlotOf(except);
        var wanted = Math.Max(shortlist ?? ShortlistAt(size), count + 1);
        var best = new PriorityQueue<int, float>(count + 1); // the worst of the best on top
        void Consider(int slot, ReadOnlySpan<float> query)
        {
            if (slot == skipped)
            {
                return;
            }
            var similarity = Dot(query, VectorIn(blocks, slot));
            if (best.Count < count)
            {
                best.Enqueue(slot, similarity);
            }
            else if (best.TryPeek(out _, out var worst) && similarity > worst)
            {
                best.EnqueueDequeue(slot, similarity);
            }
        }
        if (regions is null || wanted >= size)
        {
            for (var slot = 0; slot < size; slot++)
            {
                Consider(slot, query);
            }
        }
        else
        {
            var shortlisted = regions.Shortlist(query, probes ?? Probes, wanted, size);
            var exactly = Math.Max(rankedExactly ?? RankedExactly(count), count); // the paper left out is left out of these too
            var ranked = exactly >= shortlisted.Count ? shortlisted : ClosestByBytes(shortlisted, query, exactly, skipped);
            for (var i = 0; i < ranked.Count; i++)
            {
                if (i + PrefetchAhead < ranked.Count)
                {
                    CacheLines.Prefetch(VectorIn(blocks, ranked[i + PrefetchAhead]));
                }
                Consider(ranked[i], query);
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

    /// <summary>
    /// Papers of the shortlist ranked by their exact vectors, the best by their bytes: twice the
    /// answer (at least 30 more), so that a near-tie the bytes' rounding turned the wrong way (it
    /// moves a similarity by about 0.001, rarely more than 0.01) seldom pushes a paper out of it;
    /// the measured recall is the same as ranking the whole shortlist exactly (docs/search.md).
    /// </summary>
    public static int RankedExactly(int count) => count + Math.Max(count, 30);

    /// <summary>How many papers ahead of the one being read the processor is asked for the next one's memory.</summary>
    private const int PrefetchAhead = 4;

    /// <summary>The <paramref name="kept"/> papers of the shortlist most similar to the query by their bytes (<see cref="ByteVectors"/>).</summary>
    private List<int> ClosestByBytes(List<int> shortlisted, ReadOnlySpan<float> query, int kept, int skipped)
    {
        var scaled = ByteVectors.Query(query);
        var closest = new PriorityQueue<int, float>(kept + 1); // the least similar of them on top
        for (var i = 0; i < shortlisted.Count; i++)
        {
            if (i + PrefetchAhead < shortlisted.Count)
            {
                CacheLines.Prefetch(_bytes.BytesOf(shortlisted[i + PrefetchAhead]));
            }
            var slot = shortlisted[i];
            if (slot == skipped)
            {
                continue;
            }
            var score = _bytes.Score(scaled, slot);
            if (closest.Count < kept)
            {
                closest.Enqueue(slot, score);
            }
            else if (closest.TryPeek(out _, out var least) && score > least)
            {
                closest.EnqueueDequeue(slot, score);
            }
        }
        return [.. closest.UnorderedItems.Select(item => item.Element)];
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

    private ReadOnlySpan<float> VectorAt(int slot) => VectorIn(_blocks, slot);

    private ReadOnlySpan<float> VectorIn(float[][] blocks, int slot) => blocks[slot / BlockSize].AsSpan(slot % BlockSize * Dimensions, Dimensions);

    /// <summary>The first <paramref name="count"/> papers' vectors, where they lie.</summary>
    private List<ReadOnlyMemory<float>> VectorsUpTo(int count) =>
        [.. Enumerable.Range(0, count).Select(slot => (ReadOnlyMemory<float>)_blocks[slot / BlockSize].AsMemory(slot % BlockSize * Dimensions, Dimensions))];

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
