using Onnx;
using PapersPlatform.Embeddings.Encoding;

namespace PapersPlatform.Embeddings.Tests;

/// <summary>The searches' 8-bit model, read back: every product with constant weights is in 8 bits, and nothing else changed.</summary>
public sealed class EightBitWeightsTests
{
    [Fact]
    public void Every_product_with_constant_weights_is_made_in_eight_bits_and_the_attentions_products_stay()
    {
        var shipped = ModelProto.Parser.ParseFrom(TextEncoder.Model(ModelPrecision.Full)).Graph;
        var eightBit = ModelProto.Parser.ParseFrom(TextEncoder.Model(ModelPrecision.EightBit)).Graph;
        var shippedWeights = shipped.Initializer.Select(tensor => tensor.Name).ToHashSet();
        var weighted = shipped.Node.Where(node => node.OpType == "MatMul" && shippedWeights.Contains(node.Input[1])).ToList();
        var weights = eightBit.Initializer.ToDictionary(tensor => tensor.Name);

        Assert.Equal(36, weighted.Count); // 6 layers × (query, key, value, attention output, 2 feed-forward)
        var products = eightBit.Node.Where(node => node.OpType == "MatMulInteger").ToList();
        Assert.Equal(weighted.Count, products.Count);
        Assert.All(products, product => Assert.Equal((int)TensorProto.Types.DataType.Int8, weights[product.Input[1]].DataType));
        Assert.All(weighted, matMul => Assert.DoesNotContain(matMul.Input[1], weights.Keys)); // the float matrices are gone
        // What the MatMuls wrote is still written, by the 8-bit nodes' last step.
        Assert.All(weighted, matMul => Assert.Single(eightBit.Node, node => node.Output.Contains(matMul.Output[0])));
        // The attention's products of two activations stay in floats.
        Assert.Equal(shipped.Node.Count(node => node.OpType == "MatMul") - weighted.Count, eightBit.Node.Count(node => node.OpType == "MatMul"));
        Assert.DoesNotContain(eightBit.Node, node => node.OpType == "MatMul" && weights.ContainsKey(node.Input[1]));
    }
}
