using System.Threading.Channels;

namespace PapersPlatform.Embeddings.Encoding;

/// <summary>
/// The model for searches, apart from the worker's: a query must not wait behind a batch of papers
/// (hundreds of milliseconds). One model per core, each on one thread, lent to one query at a time:
/// a short query takes a few milliseconds on one thread, so queries run side by side instead of
/// queueing for a single model (docs/search.md, "What hybrid search costs").
/// </summary>
public sealed class QueryEncoder : IDisposable
{
    private readonly TextEncoder[] _encoders;
    private readonly Channel<TextEncoder> _idle;

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

    public async Task<float[]> EncodeAsync(string text, CancellationToken cancellationToken)
    {
        var encoder = await _idle.Reader.ReadAsync(cancellationToken);
        try
        {
            return (await encoder.EncodeAsync([text], cancellationToken))[0];
        }
        finally
        {
            _idle.Writer.TryWrite(encoder);
        }
    }

    public void Dispose()
    {
        foreach (var encoder in _encoders)
        {
            encoder.Dispose();
        }
    }
}
