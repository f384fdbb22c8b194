using System.Buffers;

namespace PapersPlatform.Embeddings.Similarity;

/// <summary>
/// The vector space cut into regions (an inverted-file index): k-means centres of the papers, and
/// under each centre the papers nearer to it than to any other centre, with their sign codes. The
/// papers nearest a query lie, almost all, in the regions whose centres are nearest it, so a query
/// reads the codes of a few regions instead of all of them: at a million papers, 16 regions of 256
/// hold about 60,000. Each region keeps its papers' codes one after another, so reading them
/// streams through memory as a scan of every code does. Lists only grow: a paper whose new vector
/// lies in another region stays in its old list too, and the region recorded for its slot says
/// which entry counts. The codes live here only: a paper's code is read only with its region's.
/// Written under the index's lock; read without one.
/// </summary>
internal sealed class Regions
{
    private const int BlockSize = 4_096;

    private readonly float[] _centres;
    private readonly SignCodes _codes;
    private readonly int _dimensions;
    private readonly int _words;
    private readonly Members[] _members;

    /// <summary>Each slot's region plus one (0: not listed yet), in blocks so that growing copies nothing.</summary>
    private volatile int[][] _regionOf = [];

    private Regions(float[] centres, SignCodes codes, int dimensions)
    {
        (_centres, _codes, _dimensions, _words) = (centres, codes, dimensions, (dimensions + 63) / 64);
        _members = [.. Enumerable.Range(0, centres.Length / dimensions).Select(_ => new Members(_words))];
    }

    public int Count => _members.Length;

    /// <summary>
    /// How many papers the fullest region lists against the mean (1: even). Regions are trained
    /// once; if later papers crowd into a few of them, queries there read more codes, and this
    /// says so (counting entries: a paper embedded again into another region counts in both).
    /// </summary>
    public double LargestToMean()
    {
        var listed = _members.Select(members => members.Read().Count).ToList();
        return listed.Sum() == 0 ? 1 : listed.Max() / listed.Average();
    }

    /// <summary>
    /// Centres for <paramref name="vectors"/> by spherical k-means: each vector goes to the centre
    /// it is most similar to, each centre becomes the normalised mean of its vectors, a few times
    /// over; a centre left with no vector starts again from a random one. Seeded: the same vectors
    /// give the same regions on every instance. The sign codes are centred on the same vectors, and
    /// every vector is listed, as slot i for the i-th. About two seconds of both cores at 20,000
    /// papers, once; queries go on meanwhile (exactly, until the index takes these regions up).
    /// </summary>
    public static Regions Train(IReadOnlyList<ReadOnlyMemory<float>> vectors, int count, int dimensions, int iterations = 8)
    {
        count = Math.Max(1, Math.Min(count, vectors.Count));
        var random = new Random(count);
        var centres = new float[count * dimensions];
        var first = Enumerable.Range(0, vectors.Count).OrderBy(_ => random.Next()).Take(count).ToList();
        for (var centre = 0; centre < count; centre++)
        {
            vectors[first[centre]].Span.CopyTo(centres.AsSpan(centre * dimensions, dimensions));
        }
        var nearest = new int[vectors.Count];
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            Parallel.For(0, vectors.Count, i => nearest[i] = NearestCentre(centres, dimensions, vectors[i].Span));
            var (sums, sizes) = (new float[centres.Length], new int[count]);
            for (var i = 0; i < vectors.Count; i++)
            {
                var sum = sums.AsSpan(nearest[i] * dimensions, dimensions);
                var vector = vectors[i].Span;
                for (var d = 0; d < dimensions; d++)
                {
                    sum[d] += vector[d];
                }
                sizes[nearest[i]]++;
            }
            for (var centre = 0; centre < count; centre++)
            {
                var target = centres.AsSpan(centre * dimensions, dimensions);
                if (sizes[centre] == 0)
                {
                    vectors[random.Next(vectors.Count)].Span.CopyTo(target);
                    continue;
                }
                var sum = sums.AsSpan(centre * dimensions, dimensions);
                var length = MathF.Sqrt(PaperIndex.Dot(sum, sum));
                for (var d = 0; d < dimensions; d++)
                {
                    target[d] = length > 0 ? sum[d] / length : 0;
                }
            }
        }
        var regions = new Regions(centres, SignCodes.CentredOn(vectors, dimensions), dimensions);
        for (var slot = 0; slot < vectors.Count; slot++)
        {
            regions.Assign(slot, vectors[slot].Span);
        }
        return regions;
    }

    /// <summary>Lists the paper in <paramref name="slot"/>, with its sign code, under the region nearest its vector.</summary>
    public void Assign(int slot, ReadOnlySpan<float> vector)
    {
        Span<ulong> code = stackalloc ulong[_words];
        _codes.Encode(vector, code);
        var region = NearestCentre(_centres, _dimensions, vector);
        while (slot >= _regionOf.Length * BlockSize)
        {
            _regionOf = [.. _regionOf, new int[BlockSize]];
        }
        ref var recorded = ref _regionOf[slot / BlockSize][slot % BlockSize];
        if (recorded != 0 && _members[region].Replace(slot, code))
        {
            recorded = region + 1; // listed there before (a paper embedded again, back where it was)
            return;
        }
        _members[region].Append(slot, code);
        recorded = region + 1; // after the list: a query that finds the slot in its old list meanwhile still counts it there
    }

    /// <summary>
    /// The <paramref name="wanted"/> slots, below <paramref name="size"/>, whose codes differ least
    /// from the code of <paramref name="query"/> among the papers of the <paramref name="probes"/>
    /// regions nearest it.
    /// </summary>
    public List<int> Shortlist(ReadOnlySpan<float> query, int probes, int wanted, int size)
    {
        Span<ulong> queryCode = stackalloc ulong[_words];
        _codes.Encode(query, queryCode);
        var (closeness, regions) = (new float[Count], new int[Count]);
        for (var region = 0; region < Count; region++)
        {
            (closeness[region], regions[region]) = (-PaperIndex.Dot(query, _centres.AsSpan(region * _dimensions, _dimensions)), region);
        }
        Array.Sort(closeness, regions);
        var lists = regions.Take(probes).Select(region => (Region: region, Listed: _members[region].Read())).ToList();
        var total = lists.Sum(list => list.Listed.Count);
        var distances = ArrayPool<ushort>.Shared.Rent(total);
        try
        {
            var start = 0;
            foreach (var (_, (listed, count)) in lists)
            {
                SignCodes.Distances(queryCode, listed.Codes.AsSpan(0, count * _words), distances.AsSpan(start, count));
                start += count;
            }
            var closest = SignCodes.Closest(distances.AsSpan(0, total), wanted, _dimensions);
            // Positions in order, lists one after another: walk both together.
            var regionOf = _regionOf; // after the lists: every slot in them has its block here
            var (shortlist, list, listStart) = (new List<int>(closest.Length), 0, 0);
            foreach (var position in closest)
            {
                while (position >= listStart + lists[list].Listed.Count)
                {
                    listStart += lists[list++].Listed.Count;
                }
                var slot = lists[list].Listed.Storage.Slots[position - listStart];
                // Not published yet (being added), or listed here before its vector moved to another region.
                if (slot < size && regionOf[slot / BlockSize][slot % BlockSize] == lists[list].Region + 1)
                {
                    shortlist.Add(slot);
                }
            }
            return shortlist;
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(distances);
        }
    }

    private static int NearestCentre(float[] centres, int dimensions, ReadOnlySpan<float> vector)
    {
        var (nearest, best) = (0, float.NegativeInfinity);
        for (var (centre, at) = (0, 0); at < centres.Length; centre++, at += dimensions)
        {
            var similarity = PaperIndex.Dot(vector, centres.AsSpan(at, dimensions));
            if (similarity > best)
            {
                (nearest, best) = (centre, similarity);
            }
        }
        return nearest;
    }

    /// <summary>One region's slots and their codes: appended under the index's lock, read without one up to the count published.</summary>
    private sealed class Members(int words)
    {
        private volatile Storage _storage = new(new int[16], new ulong[16 * words]);
        private volatile int _count;

        /// <summary>The count first: the storage read after it holds at least that many (it grows before the count is published).</summary>
        public (Storage Storage, int Count) Read()
        {
            var count = _count;
            return (_storage, count);
        }

        public void Append(int slot, ReadOnlySpan<ulong> code)
        {
            if (_count == _storage.Slots.Length)
            {
                var grown = new Storage(new int[_count * 2], new ulong[_count * 2 * words]);
                _storage.Slots.CopyTo(grown.Slots, 0);
                _storage.Codes.CopyTo(grown.Codes, 0);
                _storage = grown;
            }
            _storage.Slots[_count] = slot;
            code.CopyTo(_storage.Codes.AsSpan(_count * words, words));
            _count++;
        }

        /// <summary>Writes the new code of a slot listed here already; false when it is not (a query meanwhile may read a code half written: one distance off).</summary>
        public bool Replace(int slot, ReadOnlySpan<ulong> code)
        {
            var at = _storage.Slots.AsSpan(0, _count).IndexOf(slot);
            if (at >= 0)
            {
                code.CopyTo(_storage.Codes.AsSpan(at * words, words));
            }
            return at >= 0;
        }
    }

    /// <summary>Slots and their codes, replaced together when they grow.</summary>
    private sealed record Storage(int[] Slots, ulong[] Codes);
}
