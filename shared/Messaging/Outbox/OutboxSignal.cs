namespace PapersPlatform.Messaging.Outbox;

/// <summary>Wakes the relay as soon as a transaction commits, so messages leave without waiting for the next poll.</summary>
public sealed class OutboxSignal : WakeUpSignal;
