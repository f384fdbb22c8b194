using PapersPlatform.Messaging;

namespace PapersPlatform.Embeddings.Encoding;

/// <summary>
/// Wakes this instance's worker as soon as its consumer (or the backfill) has stored papers,
/// instead of at its next poll; papers another instance stored are found by the poll.
/// </summary>
public sealed class EmbeddingSignal : WakeUpSignal;
