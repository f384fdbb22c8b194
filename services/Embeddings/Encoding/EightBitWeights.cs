using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Google.Protobuf;
using Onnx;

namespace PapersPlatform.Embeddings.Encoding;

/// <summary>
/// The model with its weight matrices in 8 bits, made from the shipped one when a process starts
/// (under a second; nothing to download or keep on disk). A search's few words are a thin matrix,
/// so the model's time goes to reading its weights: 42 MB of float matrices per call, which also
/// push every other process's data out of the shared caches. In 8 bits they are 11 MB and the
/// processor multiplies them with its integer dot-product instructions; a search's vector then
/// costs about half the time (docs/search.md, "The model for searches").
/// <para>
/// Each MatMul with a constant weight matrix W becomes ONNX Runtime's dynamic quantisation:
/// the activations are scaled to 8 bits as they come (DynamicQuantizeLinear), multiplied with W in
/// 8 bits (MatMulInteger, 32-bit sums) and scaled back. W is scaled per output column (its largest
/// value to ±127), so one column of large weights does not coarsen the others. The attention's
/// MatMuls of two activations, the embeddings table and the normalisations stay in floats.
/// ONNX Runtime fuses this pattern into one kernel (MatMulIntegerToFloat).
/// </para>
/// </summary>
public static class EightBitWeights
{
    /// <summary>
    /// Whether ONNX Runtime's 8-bit products are exact on this processor. On x86 without VNNI it
    /// multiplies with an instruction whose 16-bit sums saturate for weights as large as these
    /// (ONNX Runtime's quantisation guide): the searches' models then stay at full precision.
    /// VNNI is asked of .NET as AVX-VNNI, so a processor with only AVX-512 VNNI stays at full
    /// precision too (slower, not wrong).
    /// </summary>
    public static bool ExactHere => !X86Base.IsSupported || AvxVnni.IsSupported;

    /// <summary>The model (ONNX bytes) with each constant weight matrix of its MatMuls in 8 bits.</summary>
    public static byte[] Of(byte[] fullPrecisionModel)
    {
        var model = ModelProto.Parser.ParseFrom(fullPrecisionModel);
        var graph = model.Graph;
        var weights = graph.Initializer.ToDictionary(initializer => initializer.Name);
        var nodes = graph.Node.ToList();
        graph.Node.Clear();
        foreach (var node in nodes)
        {
            if (node.OpType == "MatMul" && weights.TryGetValue(node.Input[1], out var matrix) && IsFloatMatrix(matrix))
            {
                graph.Initializer.Remove(matrix);
                graph.Node.Add(QuantisedMatMul(node, matrix, graph));
                continue;
            }
            graph.Node.Add(node);
        }
        return model.ToByteArray();
    }

    private static bool IsFloatMatrix(TensorProto tensor) =>
        tensor.Dims.Count == 2 && tensor.DataType == (int)TensorProto.Types.DataType.Float && tensor.RawData.Length == tensor.Dims[0] * tensor.Dims[1] * sizeof(float);

    /// <summary>Adds the 8-bit matrix, its column scales and the nodes before the last to the graph; returns the last node (it writes the MatMul's output).</summary>
    private static NodeProto QuantisedMatMul(NodeProto matMul, TensorProto matrix, GraphProto graph)
    {
        var (rows, columns) = ((int)matrix.Dims[0], (int)matrix.Dims[1]);
        var values = MemoryMarshal.Cast<byte, float>(matrix.RawData.Span);
        var scales = new float[columns];
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                scales[column] = Math.Max(scales[column], Math.Abs(values[row * columns + column]) / 127f);
            }
        }
        var quantised = new sbyte[rows * columns];
        for (var i = 0; i < quantised.Length; i++)
        {
            var scale = scales[i % columns];
            quantised[i] = scale == 0 ? (sbyte)0 : (sbyte)Math.Clamp(MathF.Round(values[i] / scale), -127, 127);
        }

        var name = matrix.Name;
        graph.Initializer.Add(Tensor($"{name}_int8", TensorProto.Types.DataType.Int8, MemoryMarshal.AsBytes(quantised.AsSpan()), rows, columns));
        graph.Initializer.Add(Tensor($"{name}_scales", TensorProto.Types.DataType.Float, MemoryMarshal.AsBytes(scales.AsSpan()), columns));
        graph.Initializer.Add(Tensor($"{name}_zeros", TensorProto.Types.DataType.Int8, new byte[columns], columns));

        var (input, output, node) = (matMul.Input[0], matMul.Output[0], matMul.Name);
        graph.Node.Add(Node("DynamicQuantizeLinear", $"{node}_quantise", [input], [$"{node}_a8", $"{node}_a_scale", $"{node}_a_zero"]));
        graph.Node.Add(Node("MatMulInteger", $"{node}_int8", [$"{node}_a8", $"{name}_int8", $"{node}_a_zero", $"{name}_zeros"], [$"{node}_sums"]));
        var toFloat = Node("Cast", $"{node}_to_float", [$"{node}_sums"], [$"{node}_float_sums"]);
        toFloat.Attribute.Add(new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (long)TensorProto.Types.DataType.Float });
        graph.Node.Add(toFloat);
        graph.Node.Add(Node("Mul", $"{node}_scale", [$"{node}_a_scale", $"{name}_scales"], [$"{node}_scales"]));
        return Node("Mul", $"{node}_scaled", [$"{node}_float_sums", $"{node}_scales"], [output]);
    }

    private static TensorProto Tensor(string name, TensorProto.Types.DataType type, ReadOnlySpan<byte> data, params long[] dimensions)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(data) };
        tensor.Dims.AddRange(dimensions);
        return tensor;
    }

    private static NodeProto Node(string operation, string name, string[] inputs, string[] outputs)
    {
        var node = new NodeProto { OpType = operation, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        return node;
    }
}
