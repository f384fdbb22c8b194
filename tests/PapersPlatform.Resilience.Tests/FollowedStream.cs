using System.Text.Json;

namespace PapersPlatform.Resilience.Tests;

/// <summary>
/// A user's live notification stream followed as a browser's EventSource follows it: when the
/// connection ends (its instance died) or cannot be opened (not ejected yet), it opens again a
/// moment later with the last event's id, and the server replays what came in between.
/// </summary>
internal sealed class FollowedStream : IAsyncDisposable
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;
    private readonly Uri _address;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(string EventId, string ArxivId)> _events = [];
    private readonly Task _following;

    public FollowedStream(HttpClient http, Uri address)
    {
        (_http, _address) = (http, address);
        _following = FollowAsync();
    }

    /// <summary>Times the stream was opened again after it ended or failed to open.</summary>
    public int Reconnects { get; private set; }

    public IReadOnlyList<string> EventIds { get { lock (_events) { return [.. _events.Select(item => item.EventId)]; } } }

    public IReadOnlyList<string> ArxivIds { get { lock (_events) { return [.. _events.Select(item => item.ArxivId)]; } } }

    /// <summary>Until an event about each of these papers has come (or fails after a minute).</summary>
    public Task WaitForAsync(IReadOnlyCollection<string> arxivIds, CancellationToken cancellationToken) =>
        TestHelpers.EventuallyAsync(() => Task.FromResult(arxivIds.All(ArxivIds.Contains) ? "" : null),
            $"stream events for {string.Join(", ", arxivIds)} (seen: {string.Join(", ", ArxivIds)})", Patience);

    private async Task FollowAsync()
    {
        string? lastEventId = null;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await using var stream = await EventStream.OpenAsync(_http, _address, lastEventId);
                while (!_stop.IsCancellationRequested)
                {
                    try
                    {
                        var (item, _) = await stream.NextAsync(TimeSpan.FromSeconds(1));
                        var arxivId = JsonDocument.Parse(item.Data).RootElement.GetProperty("arxivId").GetString()!;
                        lock (_events)
                        {
                            _events.Add((item.EventId!, arxivId));
                        }
                        lastEventId = item.EventId;
                    }
                    catch (TimeoutException)
                    {
                        // nothing new this second: keep listening
                    }
                }
            }
            catch (Exception)
            {
                if (_stop.IsCancellationRequested)
                {
                    break;
                }
                // The connection ended or could not be opened: as EventSource does, try again.
                Reconnects++;
                await Task.Delay(ReconnectDelay);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _following;
        _stop.Dispose();
    }
}
