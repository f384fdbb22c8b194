using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Threading.Channels;

namespace PapersPlatform.Testing;

/// <summary>
/// A reader of <c>GET /api/notifications/stream</c>, as a browser's EventSource reads it: events
/// are parsed as they arrive, heartbeats are skipped, and <c>Last-Event-ID</c> resumes.
/// </summary>
public sealed class EventStream : IAsyncDisposable
{
    private readonly Channel<(SseItem<string> Item, DateTimeOffset ReceivedAt)> _events = Channel.CreateUnbounded<(SseItem<string>, DateTimeOffset)>();
    private readonly CancellationTokenSource _closing = new();
    private readonly HttpResponseMessage _response;
    private readonly Task _reading;

    private EventStream(HttpResponseMessage response)
    {
        _response = response;
        _reading = ReadAsync();
    }

    /// <summary>Opens the stream and waits until the server said it is ready.</summary>
    public static async Task<EventStream> OpenAsync(HttpClient http, Uri address, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await response.EnsureStatusAsync(System.Net.HttpStatusCode.OK);
        var stream = new EventStream(response);
        var ready = await stream.NextAsync(TimeSpan.FromSeconds(10), includeControl: true);
        if (ready.Item.EventType != "ready")
        {
            throw new InvalidOperationException($"The stream began with '{ready.Item.EventType}', not 'ready'.");
        }
        return stream;
    }

    /// <summary>The next notification event, and when it arrived here.</summary>
    public Task<(SseItem<string> Item, DateTimeOffset ReceivedAt)> NextAsync(TimeSpan timeout) => NextAsync(timeout, includeControl: false);

    private async Task<(SseItem<string> Item, DateTimeOffset ReceivedAt)> NextAsync(TimeSpan timeout, bool includeControl)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var next = await _events.Reader.ReadAsync(deadline.Token);
                if (includeControl || next.Item.EventType == SseParser.EventTypeDefault)
                {
                    return next;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"No event on the stream within {timeout}.");
        }
    }

    /// <summary>Waits until the server ends the stream; returns the type of the last event before the end.</summary>
    public async Task<string?> EndAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        string? last = null;
        try
        {
            await foreach (var (item, _) in _events.Reader.ReadAllAsync(deadline.Token))
            {
                last = item.EventType;
            }
            return last;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"The stream was still open after {timeout} (last event: {last ?? "none"}).");
        }
    }

    /// <summary>Every notification event that arrives within <paramref name="window"/>.</summary>
    public async Task<IReadOnlyList<SseItem<string>>> DrainAsync(TimeSpan window)
    {
        var events = new List<SseItem<string>>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < window)
        {
            try
            {
                events.Add((await NextAsync(window - clock.Elapsed)).Item);
            }
            catch (TimeoutException)
            {
                break;
            }
        }
        return events;
    }

    private async Task ReadAsync()
    {
        try
        {
            await using var body = await _response.Content.ReadAsStreamAsync(_closing.Token);
            await foreach (var item in SseParser.Create(body).EnumerateAsync(_closing.Token))
            {
                await _events.Writer.WriteAsync((item, DateTimeOffset.UtcNow));
            }
            _events.Writer.TryComplete();
        }
        catch (Exception exception)
        {
            _events.Writer.TryComplete(exception is OperationCanceledException ? null : exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        _response.Dispose();
        await _reading;
        _closing.Dispose();
    }
}
