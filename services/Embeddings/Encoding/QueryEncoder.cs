using System.Threading.Channels;
using Microsoft.Extensions.Caching.Memory;

namespace PapersPlatform.Embeddings.Encoding;

/// <summary>
/// The model for searches, apart from the worker's: a query must not wait behind a batch of papers
/// (hundreds of milliseconds). One model per core, each on one thread, lent to one query at a time:
/// a short query takes a few milliseconds on one thread, so queries run side by side instead of
/// queueing for a single model (docs/search.md, "What hybrid search costs"). Readers ask the same
/// searches again and again (a topic of the day, the next page of one): the vectors of the latest
/// <see cref="RecentQueries"/> are kept, so a search asked again costs no model time.
/// </summary>
public sealed class QueryEncoder : IDisposable
{
    /// <summary>Searches whose vectors are kept: 10,000 × 1.5 KiB, 15 MiB.</summary>
    public const int RecentQueries = 10_000;

    private readonly TextEncoder[] _encoders;
    private readonly Channel<TextEncoder> _idle;
    private readonly MemoryCache _recent = new(new MemoryCacheOptions { SizeLimit = RecentQueries });

    public QueryEncoder() : this(Environment.ProcessorCount)
    {
    }

    public QueryEncoder(int models)
    {
        _encoders = [.. Enumerable.Range(0, Math.Max(1, models)).Select(_ => new TextEncoder(threads: 1))];
        _idle = Channel.CreateUnbounded<TextEncoder>();
        foreach (var encoder in _encoders)
        {
            _idle.Writer.TryWrite(encoder);
        }
    }

    /// <summary>The text's vector; the same array for the same text while it is kept (do not change it).</summary>
    public async Task<float[]> EncodeAsync(string text, CancellationToken cancellationToken)
    {
        // The model reads lower case and words (it is uncased, its tokenizer splits on white space): these are one search.
        var key = string.Join(' ', text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (_recent.TryGetValue(key, out float[]? known))
        {
            return known!;
        }
        var encoder = await _idle.Reader.ReadAsync(cancellationToken);
        try
        {
            var vector = (await encoder.EncodeAsync([text], cancellationToken))[0];
            _recent.Set(key, vector, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) });
            return vector;
        }
        finally
        {
            _idle.Writer.TryWrite(encoder);
        }
    }

    public void Dispose()
    {
        _recent.Dispose();
        foreach (var encoder in _encoders)
        {
            encoder.Dispose();
        }
    }
}
