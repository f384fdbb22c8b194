namespace PapersPlatform.Embeddings.Encoding;

/// <summary>How the model's weight matrices are held: as shipped (papers' vectors), or in 8 bits (searches' vectors, <see cref="EightBitWeights"/>).</summary>
public enum ModelPrecision
{
    Full,
    EightBit,
}
