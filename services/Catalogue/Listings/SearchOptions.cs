using System.ComponentModel.DataAnnotations;

namespace PapersPlatform.Catalogue.Listings;

/// <summary>Settings of section "Search": the vector side of hybrid search, checked at start-up.</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>How long a search waits for the embeddings service before it answers by keyword alone.</summary>
    public TimeSpan VectorBudget { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Papers taken from each side (keyword and meaning) before they are merged (at most what the embeddings service answers, 200).</summary>
    [Range(1, 200)]
    public int Candidates { get; set; } = 100;

    /// <summary>
    /// The least cosine similarity a paper found by meaning must have to be shown: below it, papers
    /// are about something else (unrelated texts score about 0 to 0.2 with this model). Weighed on
    /// the relevance set: 0.3 dropped papers a paraphrase meant (nDCG@10 0.930 against 0.971 at 0.2);
    /// 0.2 loses nothing there and still keeps a search for nonsense from listing the nearest noise.
    /// </summary>
    [Range(-1.0, 1.0)]
    public double MinSimilarity { get; set; } = 0.2;

    /// <summary>
    /// k of reciprocal rank fusion, Σ 1 / (k + rank): small, the first ranks of either side count far
    /// more than the rest; large, a paper in both rankings beats one high in only one. 60 is the
    /// usual choice; the relevance benchmark weighs others (docs/search.md).
    /// </summary>
    [Range(0, 10_000)]
    public int FusionConstant { get; set; } = 60;
}
