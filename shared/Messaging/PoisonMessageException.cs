namespace PapersPlatform.Messaging;

/// <summary>
/// A message that can never be processed, however often it is tried: it goes straight to the
/// queue's _error queue instead of through the retries.
/// </summary>
public sealed class PoisonMessageException(string message) : Exception(message);
