using System.Collections.Concurrent;
using Npgsql;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Notification.Notifications;

/// <summary>
/// Tells this instance's open streams that their user's notifications changed, whichever instance
/// wrote them: every write signals a Postgres channel (<c>pg_notify</c>, delivered on commit), and
/// each instance listens on one connection of its own. After the connection was lost every stream
/// is woken, so nothing written meanwhile waits for the next change.
/// </summary>
public sealed partial class NotificationChanges(IConfiguration configuration, ILogger<NotificationChanges> logger) : BackgroundService
{
    public const string Channel = "notification_changes";
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Watch, byte>> _watches = new(StringComparer.Ordinal);

    /// <summary>Starts watching a user's notifications; dispose to stop.</summary>
    public Watch WatchRecipient(string recipient)
    {
        var watch = new Watch(this, recipient);
        _watches.GetOrAdd(recipient, _ => new()).TryAdd(watch, 0);
        return watch;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString(DatabaseExtensions.ConnectionStringName))
        {
            // A dead server is noticed within a minute, not at the next TCP timeout.
            KeepAlive = 30,
        }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, change) => Wake(change.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                WakeAll();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or IOException or TimeoutException)
            {
                LogListenLost(exception);
                await Task.Delay(ReconnectDelay, stoppingToken);
            }
        }
    }

    private void Wake(string recipient)
    {
        if (_watches.TryGetValue(recipient, out var watches))
        {
            foreach (var watch in watches.Keys)
            {
                watch.Signal();
            }
        }
    }

    private void WakeAll()
    {
        foreach (var recipient in _watches.Keys)
        {
            Wake(recipient);
        }
    }

    private void Remove(Watch watch)
    {
        if (_watches.TryGetValue(watch.Recipient, out var watches))
        {
            watches.TryRemove(watch, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for notification changes failed; reconnecting")]
    private partial void LogListenLost(Exception exception);

    /// <summary>One stream's interest in one user's changes: a wake-up that coalesces while unread.</summary>
    public sealed class Watch(NotificationChanges owner, string recipient) : IDisposable
    {
        // Never disposed: a change may still signal it after the stream ended, and a SemaphoreSlim
        // whose wait handle was never asked for holds nothing that needs releasing.
        private readonly SemaphoreSlim _changed = new(0, 1);

        public string Recipient { get; } = recipient;

        /// <returns>false when <paramref name="timeout"/> passed with no change.</returns>
        public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _changed.WaitAsync(timeout, cancellationToken);

        internal void Signal()
        {
            try
            {
                _changed.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled and not yet read: one wake-up covers both changes.
            }
        }

        public void Dispose() => owner.Remove(this);
    }
}
