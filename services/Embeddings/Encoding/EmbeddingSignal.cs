namespace PapersPlatform.Embeddings.Encoding;

/// <summary>
/// Wakes this instance's worker as soon as its consumer has stored papers, instead of at its next
/// poll; papers another instance stored are found by the poll.
/// </summary>
public sealed class EmbeddingSignal
{
    private readonly SemaphoreSlim _pulses = new(0, 1);

    public void Pulse()
    {
        try
        {
            _pulses.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up serves every paper stored until then.
        }
    }

    /// <summary>Waits for a pulse or <paramref name="timeout"/>, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _pulses.WaitAsync(timeout, cancellationToken);
}
