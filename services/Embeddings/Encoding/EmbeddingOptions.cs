using System.ComponentModel.DataAnnotations;

namespace PapersPlatform.Embeddings.Encoding;

/// <summary>Settings of section "Embeddings"; the index's are checked at start-up (a wrong one stops the service with its name).</summary>
public sealed class EmbeddingOptions
{
    public const string Section = "Embeddings";

    /// <summary>
    /// Whether this instance runs the model. Off, papers are still stored and wait (a benchmark of
    /// other services on the same cores turns it off; another instance may embed them).
    /// </summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>Papers embedded in one model call: larger batches pad more, smaller ones pay more calls.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>ONNX Runtime's threads for one call; 0: one per core.</summary>
    public int Threads { get; set; }

    /// <summary>
    /// How the searches' models hold their weights: EightBit (the default: about half the time a
    /// search, docs/search.md; Full where 8-bit products are inexact, <see cref="EightBitWeights.ExactHere"/>)
    /// or Full. Papers are always embedded at full precision.
    /// </summary>
    [EnumDataType(typeof(ModelPrecision))]
    public ModelPrecision QueryModel { get; set; } = ModelPrecision.EightBit;

    /// <summary>How often an idle worker looks for papers another instance's consumer stored.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the in-memory index takes in vectors embedded since (by any instance).</summary>
    public TimeSpan IndexRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Up to this many papers a similarity query compares with every one; past it, with a shortlist (<see cref="Similarity.PaperIndex"/>).</summary>
    [Range(1, int.MaxValue)]
    public int ExactSearchUpTo { get; set; } = Similarity.PaperIndex.DefaultExactUpTo;

    /// <summary>Papers a query past <see cref="ExactSearchUpTo"/> ranks exactly: more is slower and finds more of the exact answer (docs/search.md).</summary>
    [Range(1, int.MaxValue)]
    public int Shortlist { get; set; } = Similarity.PaperIndex.DefaultShortlist;

    /// <summary>The shortlist's share of the index when that is more than <see cref="Shortlist"/> (0.005: 5,000 at a million).</summary>
    [Range(0.0, 1.0)]
    public double ShortlistShare { get; set; } = Similarity.PaperIndex.DefaultShortlistShare;

    /// <summary>Regions (k-means) the papers are cut into past <see cref="ExactSearchUpTo"/>.</summary>
    [Range(1, 65_536)]
    public int Regions { get; set; } = Similarity.PaperIndex.DefaultRegions;

    /// <summary>The regions nearest a query whose papers it reads: more is slower and finds more of the exact answer (docs/search.md).</summary>
    [Range(1, int.MaxValue)]
    public int Probes { get; set; } = Similarity.PaperIndex.DefaultProbes;
}
