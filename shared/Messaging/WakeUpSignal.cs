namespace PapersPlatform.Messaging;

/// <summary>
/// Wakes a background loop as soon as there is work for it, instead of at its next poll. Pulses
/// before the loop waits are not lost, and many pulses make one wake-up: one look serves them
/// all. Each loop has its own subclass, so each is its own singleton.
/// </summary>
public abstract class WakeUpSignal
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    public void Pulse()
    {
        try
        {
            _pending.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the loop will look once more anyway.
        }
    }

    /// <summary>Waits for a pulse or <paramref name="timeout"/>, whichever comes first; true for a pulse.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _pending.WaitAsync(timeout, cancellationToken);
}
