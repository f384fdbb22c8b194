using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PapersPlatform.Embeddings.Similarity;

/// <summary>
/// Every paper's vector again in one byte a dimension (384 bytes instead of 1,536): each vector
/// scaled so that its largest component is ±127 and rounded, its scale kept. Ranking a shortlist
/// by these reads a quarter of the memory, and memory is what ranking scattered vectors waits for;
/// the few best are then ranked by their exact vectors (<see cref="PaperIndex"/>). The rounding moves
/// a similarity by about 0.001 (rarely more than 0.01), so only near-ties can swap here, and the
/// exact ranking of the best few undoes that.
/// A query is scaled to 16-bit integers: the products and their sums stay integers (a multiply-add
/// of sixteen dimensions an instruction).
/// </summary>
internal sealed class ByteVectors
{
    /// <summary>
    /// Dimensions a score can sum without overflowing an int: each dimension adds at most
    /// 127 × 32,767, so 516 would; the model has 384.
    /// </summary>
    public const int MostDimensions = 512;

    /// <summary>Vectors per block, as the index's: 4,096 × 384 bytes, 1.5 MiB.</summary>
    private const int BlockSize = 4_096;

    private readonly int _dimensions;
    private volatile sbyte[][] _blocks = [];

    /// <summary>What one step of each slot's bytes is worth in its vector (largest component / 127): a byte score times it compares across papers.</summary>
    private volatile float[][] _steps = [];

    public ByteVectors(int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, MostDimensions);
        _dimensions = dimensions;
    }

    /// <summary>Writes the bytes of the vector in <paramref name="slot"/> (under the index's lock).</summary>
    public void Write(int slot, ReadOnlySpan<float> vector)
    {
        // Grown before the index publishes the slot: a query reads only slots below the count.
        if (slot >= _blocks.Length * BlockSize)
        {
            _blocks = [.. _blocks, new sbyte[BlockSize * _dimensions]];
            _steps = [.. _steps, new float[BlockSize]];
        }
        var largest = MaxMagnitude(vector);
        var scale = largest > 0 ? 127 / largest : 0;
        var bytes = _blocks[slot / BlockSize].AsSpan(slot % BlockSize * _dimensions, _dimensions);
        for (var i = 0; i < _dimensions; i++)
        {
            bytes[i] = (sbyte)MathF.Round(vector[i] * scale);
        }
        _steps[slot / BlockSize][slot % BlockSize] = largest / 127;
    }

    /// <summary>The query in 16-bit integers, to score with <see cref="Score"/>.</summary>
    public static short[] Query(ReadOnlySpan<float> vector)
    {
        var largest = MaxMagnitude(vector);
        var scale = largest > 0 ? short.MaxValue / largest : 0;
        var query = new short[vector.Length];
        for (var i = 0; i < vector.Length; i++)
        {
            query[i] = (short)MathF.Round(vector[i] * scale);
        }
        return query;
    }

    /// <summary>The query's similarity to the paper in <paramref name="slot"/>, in the query's own units (only for ranking).</summary>
    public float Score(short[] query, int slot) => Dot(query, BytesOf(slot)) * _steps[slot / BlockSize][slot % BlockSize];

    /// <summary>A slot's bytes (six cache lines), to ask the processor for before they are scored.</summary>
    public ReadOnlySpan<sbyte> BytesOf(int slot) => _blocks[slot / BlockSize].AsSpan(slot % BlockSize * _dimensions, _dimensions);

    private static int Dot(short[] query, ReadOnlySpan<sbyte> bytes)
    {
        var (i, total) = (0, 0);
        if (Avx2.IsSupported)
        {
            var sum = Vector256<int>.Zero;
            ref var b = ref MemoryMarshal.GetReference(bytes);
            ref var q = ref MemoryMarshal.GetArrayDataReference(query);
            for (; i <= bytes.Length - 16; i += 16)
            {
                var widened = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref b, (nuint)i));
                sum = Avx2.Add(sum, Avx2.MultiplyAddAdjacent(widened, Vector256.LoadUnsafe(ref q, (nuint)i)));
            }
            total = Vector256.Sum(sum);
        }
        for (; i < bytes.Length; i++)
        {
            total += query[i] * bytes[i];
        }
        return total;
    }

    private static float MaxMagnitude(ReadOnlySpan<float> vector)
    {
        var largest = 0f;
        foreach (var value in vector)
        {
            largest = MathF.Max(largest, MathF.Abs(value));
        }
        return largest;
    }
}
