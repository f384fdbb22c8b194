using System.Numerics;

namespace PapersPlatform.Embeddings.Similarity;

/// <summary>
/// One bit per dimension: whether a vector lies above or below the collection's centre in it.
/// Two papers whose vectors point the same way agree in most bits, so counting the bits where
/// they differ (the Hamming distance: an XOR and a population count per 64 dimensions) ranks a
/// million papers roughly by similarity while reading 48 bytes of each instead of 1,536. The
/// centre matters: this model's vectors share a large common part, and without taking it away
/// many bits would be the same for every paper and tell nothing.
/// </summary>
internal sealed class SignCodes(float[] centre)
{
    /// <summary>The centre of <paramref name="vectors"/>: the mean of each dimension.</summary>
    public static SignCodes CentredOn(IEnumerable<ReadOnlyMemory<float>> vectors, int dimensions)
    {
        var sum = new double[dimensions];
        var count = 0;
        foreach (var vector in vectors)
        {
            var span = vector.Span;
            for (var i = 0; i < dimensions; i++)
            {
                sum[i] += span[i];
            }
            count++;
        }
        return new SignCodes([.. sum.Select(total => (float)(total / Math.Max(1, count)))]);
    }

    public void Encode(ReadOnlySpan<float> vector, Span<ulong> code)
    {
        code.Clear();
        for (var i = 0; i < centre.Length; i++)
        {
            if (vector[i] > centre[i])
            {
                code[i / 64] |= 1UL << (i % 64);
            }
        }
    }

    /// <summary>
    /// The positions of the <paramref name="wanted"/> smallest of <paramref name="distances"/> (ties
    /// taken in order), in order. A distance is at most one per dimension, so one pass counts how
    /// many lie at each distance and the cut-off falls out of the counts: no sorting of a million.
    /// </summary>
    public static int[] Closest(ReadOnlySpan<ushort> distances, int wanted, int dimensions)
    {
        if (wanted >= distances.Length)
        {
            return [.. Enumerable.Range(0, distances.Length)];
        }
        var countAt = new int[dimensions + 1];
        foreach (var distance in distances)
        {
            countAt[distance]++;
        }
        var (cutOff, closer) = (0, 0);
        while (closer + countAt[cutOff] < wanted)
        {
            closer += countAt[cutOff++];
        }
        var (closest, taken, atCutOff) = (new int[wanted], 0, wanted - closer);
        for (var i = 0; i < distances.Length && taken < wanted; i++)
        {
            var distance = distances[i];
            if (distance < cutOff || (distance == cutOff && atCutOff-- > 0))
            {
                closest[taken++] = i;
            }
        }
        return closest;
    }

    /// <summary>The number of dimensions in which two codes differ.</summary>
    public static ushort Distance(ReadOnlySpan<ulong> query, ReadOnlySpan<ulong> code)
    {
        var distance = 0;
        for (var word = 0; word < query.Length; word++)
        {
            distance += BitOperations.PopCount(query[word] ^ code[word]);
        }
        return (ushort)distance;
    }

    /// <summary>The distance of <paramref name="query"/> to each code of <paramref name="codes"/> (laid one after another).</summary>
    public static void Distances(ReadOnlySpan<ulong> query, ReadOnlySpan<ulong> codes, Span<ushort> distances)
    {
        if (query.Length == 6)
        {
            // The model's 384 dimensions: six words, unrolled (the scan of a million papers is this loop).
            var (q0, q1, q2, q3, q4, q5) = (query[0], query[1], query[2], query[3], query[4], query[5]);
            for (var (i, at) = (0, 0); i < distances.Length; i++, at += 6)
            {
                var code = codes.Slice(at, 6);
                distances[i] = (ushort)(BitOperations.PopCount(q0 ^ code[0]) + BitOperations.PopCount(q1 ^ code[1]) + BitOperations.PopCount(q2 ^ code[2])
                    + BitOperations.PopCount(q3 ^ code[3]) + BitOperations.PopCount(q4 ^ code[4]) + BitOperations.PopCount(q5 ^ code[5]));
            }
            return;
        }
        for (var (i, at) = (0, 0); i < distances.Length; i++, at += query.Length)
        {
            distances[i] = Distance(query, codes.Slice(at, query.Length));
        }
    }
}
