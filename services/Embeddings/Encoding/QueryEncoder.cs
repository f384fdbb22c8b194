namespace PapersPlatform.Embeddings.Encoding;

/// <summary>
/// The model for searches, apart from the worker's: a query must not wait behind a batch of
/// papers (hundreds of milliseconds), and one short query needs one thread for a few milliseconds.
/// </summary>
public sealed class QueryEncoder() : IDisposable
{
    private readonly TextEncoder _encoder = new(threads: 1);

    public async Task<float[]> EncodeAsync(string text, CancellationToken cancellationToken) =>
        (await _encoder.EncodeAsync([text], cancellationToken))[0];

    public void Dispose() => _encoder.Dispose();
}
