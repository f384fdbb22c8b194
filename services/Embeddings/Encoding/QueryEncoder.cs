using System.Threading.Channels;
using Microsoft.Extensions.Caching.Memory;

namespace PapersPlatform.Embeddings.Encoding;

/// <summary>
/// The model for searches, apart from the worker's: a query must not wait behind a batch of papers
/// (hundreds of milliseconds). One model per core, each on one thread. The models hold their
/// weights in 8 bits (<see cref="EightBitWeights"/>) unless set otherwise or inexact on this
/// processor: a search's vector then costs about half the time and points where the full model's
/// does (cosine ≥ 0.98). An 8-bit model embeds each search alone, because it scales the
/// activations of a call together: a search's vector would change with the searches it shared a
/// call with. A full-precision model
/// takes every search waiting when it comes free (up to <see cref="MostInOneCall"/>) in one call,
/// which costs less than the searches one by one. Readers ask the same searches again and again (a
/// topic of the day, the next page of one): the vectors of the latest <see cref="RecentQueries"/>
/// are kept, so a search asked again costs no model time (docs/search.md, "Through the gateway").
/// </summary>
public sealed class QueryEncoder : IDisposable
{
    /// <summary>Searches whose vectors are kept: 10,000 × 1.5 KiB, 15 MiB.</summary>
    public const int RecentQueries = 10_000;

    /// <summary>Searches one full-precision model call takes at most.</summary>
    public const int MostInOneCall = 16;

    private readonly TextEncoder[] _encoders;
    private readonly Channel<Waiting> _waiting = Channel.CreateUnbounded<Waiting>();
    private readonly Task[] _models;
    private readonly MemoryCache _recent;
    private readonly int _mostInOneCall;

    /// <param name="models">Models, each on one thread (the service runs one per core).</param>
    /// <param name="precision">How the models hold their weights (<see cref="EmbeddingOptions.QueryModel"/>).</param>
    /// <param name="recentQueries">Searches whose vectors are kept (<see cref="RecentQueries"/>; fewer in a test of the limit).</param>
    public QueryEncoder(int models, ModelPrecision precision = ModelPrecision.EightBit, int recentQueries = RecentQueries)
    {
        _recent = new MemoryCache(new MemoryCacheOptions { SizeLimit = recentQueries });
        Precision = precision == ModelPrecision.EightBit && !EightBitWeights.ExactHere ? ModelPrecision.Full : precision;
        _mostInOneCall = Precision == ModelPrecision.EightBit ? 1 : MostInOneCall;
        var model = TextEncoder.Model(Precision);
        _encoders = [.. Enumerable.Range(0, Math.Max(1, models)).Select(_ => new TextEncoder(threads: 1, model))];
        _models = [.. _encoders.Select(encoder => Task.Run(() => EncodeWaitingAsync(encoder)))];
    }

    /// <summary>How the models hold their weights: as asked, unless 8 bits were asked and are inexact here (<see cref="EightBitWeights.ExactHere"/>).</summary>
    public ModelPrecision Precision { get; }

    /// <summary>The text's vector; the same array for the same text while it is kept (do not change it).</summary>
    public async Task<float[]> EncodeAsync(string text, CancellationToken cancellationToken)
    {
        // The model reads lower case and words (it is uncased, its tokenizer splits on white space): these are one search.
        var key = string.Join(' ', text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (_recent.TryGetValue(key, out float[]? known))
        {
            return known!;
        }
        var waiting = new Waiting(text, new TaskCompletionSource<float[]>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken);
        await _waiting.Writer.WriteAsync(waiting, cancellationToken);
        var vector = await waiting.Vector.Task.WaitAsync(cancellationToken);
        _recent.Set(key, vector, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) });
        return vector;
    }

    private async Task EncodeWaitingAsync(TextEncoder encoder)
    {
        var batch = new List<Waiting>(_mostInOneCall);
        while (await _waiting.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _mostInOneCall && _waiting.Reader.TryRead(out var next))
            {
                // A search whose caller gave up (its budget ran out) is not embedded: under load the
                // model's time goes to searches still waiting for an answer.
                if (next.Abandoned.IsCancellationRequested)
                {
                    next.Vector.TrySetCanceled(next.Abandoned);
                    continue;
                }
                batch.Add(next);
            }
            await EncodeAsync(encoder, batch);
        }
    }

    /// <summary>A batch the model fails is tried search by search: one odd text fails only its own search.</summary>
    private static async Task EncodeAsync(TextEncoder encoder, IReadOnlyList<Waiting> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }
        try
        {
            var vectors = await encoder.EncodeAsync([.. batch.Select(waiting => waiting.Text)], CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Vector.TrySetResult(vectors[i]);
            }
        }
        catch (Exception failure) when (batch.Count == 1)
        {
            batch[0].Vector.TrySetException(failure);
        }
        catch (Exception)
        {
            foreach (var waiting in batch)
            {
                await EncodeAsync(encoder, [waiting]);
            }
        }
    }

    public void Dispose()
    {
        _waiting.Writer.TryComplete();
        Task.WaitAll(_models);
        foreach (var encoder in _encoders)
        {
            encoder.Dispose();
        }
        _recent.Dispose();
    }

    /// <summary>Searches whose vectors are kept now (at most the limit).</summary>
    internal int Kept => (int)_recent.Count;

    private sealed record Waiting(string Text, TaskCompletionSource<float[]> Vector, CancellationToken Abandoned);
}
