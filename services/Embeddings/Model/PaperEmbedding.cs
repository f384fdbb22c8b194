namespace PapersPlatform.Embeddings.Model;

/// <summary>
/// A paper as this service knows it: the text it embeds and, once the worker has got to it, its
/// vector (all-MiniLM-L6-v2, 384 dimensions, unit length: cosine similarity is a dot product).
/// A paper arrives without a vector and gets one in the background: publishing never waits.
/// </summary>
public sealed class PaperEmbedding
{
    public required string ArxivId { get; init; }
    public required string Title { get; init; }

    /// <summary>What is embedded (<see cref="EmbeddedText.Of"/>): the title and the start of the abstract.</summary>
    public required string Text { get; init; }

    public DateTimeOffset SubmittedAt { get; init; }
    public float[]? Vector { get; set; }
    public DateTimeOffset? EmbeddedAt { get; set; }

    /// <summary>Set when the model could not embed this paper's text on its own: it is not tried again, and holds up no other.</summary>
    public DateTimeOffset? FailedAt { get; set; }
}
