using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace PapersPlatform.Testing;

/// <summary>
/// The run's RabbitMQ through its management API: delivers hand-made MassTransit envelopes to one
/// consumer's queue, in exactly the order a test wants (the order the broker and retries may
/// choose in production), and reads queue lengths.
/// </summary>
public sealed class Broker : IDisposable
{
    private readonly HttpClient _management = new() { BaseAddress = new Uri(TestEnvironment.RabbitMqManagement) };

    public Broker(string virtualHost = "/")
    {
        VirtualHost = virtualHost;
        _management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
    }

    public string VirtualHost { get; }

    private string EscapedVirtualHost => Uri.EscapeDataString(VirtualHost);

    /// <summary>
    /// Puts one message straight into <paramref name="queue"/> (the default exchange routes by
    /// queue name), as if the broker had chosen to deliver it now. Returns its message id, the
    /// key of the consumer's inbox.
    /// </summary>
    public async Task<Guid> DeliverAsync(string queue, string contract, object message, Guid? messageId = null)
    {
        var id = messageId ?? Guid.NewGuid();
        await PublishAsync("amq.default", queue, contract, message, id);
        return id;
    }

    /// <summary>Publishes to a contract's own exchange, as a producer's relay does.</summary>
    public async Task<bool> PublishToExchangeAsync(string contract, object message, Guid? messageId = null) =>
        await PublishAsync($"PapersPlatform.Contracts:{contract}", "", contract, message, messageId ?? Guid.NewGuid());

    private async Task<bool> PublishAsync(string exchange, string routingKey, string contract, object message, Guid messageId)
    {
        var envelope = JsonSerializer.Serialize(new
        {
            messageId,
            messageType = new[] { $"urn:message:PapersPlatform.Contracts:{contract}" },
            message,
            sentTime = DateTimeOffset.UtcNow,
        }, JsonSerializerOptions.Web);
        using var response = await _management.PostAsJsonAsync($"/api/exchanges/{EscapedVirtualHost}/{Uri.EscapeDataString(exchange)}/publish", new
        {
            properties = new { content_type = "application/vnd.masstransit+json", delivery_mode = 2, message_id = messageId.ToString() },
            routing_key = routingKey,
            payload = envelope,
            payload_encoding = "string",
        });
        await response.EnsureStatusAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("routed").GetBoolean();
    }

    /// <summary>Ready plus unacknowledged messages of a queue (refreshed every few seconds), or null when it does not exist.</summary>
    public async Task<int?> MessagesInAsync(string queue)
    {
        using var response = await _management.GetAsync($"/api/queues/{EscapedVirtualHost}/{Uri.EscapeDataString(queue)}");
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.TryGetProperty("messages", out var messages) ? messages.GetInt32() : 0;
    }

    /// <summary>
    /// The AMQP headers of the messages waiting in a queue, looked at and put back (MassTransit
    /// writes why it gave up on a message into the headers of its copy in the _error queue).
    /// </summary>
    public async Task<IReadOnlyList<JsonElement>> PeekHeadersAsync(string queue, int count = 10)
    {
        using var response = await _management.PostAsJsonAsync($"/api/queues/{EscapedVirtualHost}/{Uri.EscapeDataString(queue)}/get",
            new { count, ackmode = "ack_requeue_true", encoding = "auto" });
        await response.EnsureStatusAsync(HttpStatusCode.OK);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
            .Select(message => message.GetProperty("properties").TryGetProperty("headers", out var headers) ? headers.Clone() : default)];
    }

    /// <summary>Messages waiting in every _error queue of the virtual host (refreshed every few seconds).</summary>
    public async Task<long> DeadLettersAsync()
    {
        using var response = await _management.GetAsync($"/api/queues/{EscapedVirtualHost}?columns=name,messages");
        await response.EnsureStatusAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
            .Where(queue => queue.GetProperty("name").GetString()!.EndsWith("_error", StringComparison.Ordinal))
            .Sum(queue => queue.TryGetProperty("messages", out var messages) ? messages.GetInt64() : 0);
    }

    /// <summary>
    /// The queues a contract's exchange reaches through another exchange: the exchange-per-queue
    /// bindings consumers declare when they start (producers bind queues to it directly).
    /// </summary>
    public async Task<SortedSet<string>> ConsumerQueuesOfAsync(string contract)
    {
        using var response = await _management.GetAsync($"/api/bindings/{EscapedVirtualHost}");
        await response.EnsureStatusAsync(HttpStatusCode.OK);
        var bindings = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
            .Select(binding => (Source: binding.GetProperty("source").GetString()!, Destination: binding.GetProperty("destination").GetString()!,
                IsQueue: binding.GetProperty("destination_type").GetString() == "queue"))
            .ToList();
        var exchange = $"PapersPlatform.Contracts:{contract}";
        var consumerExchanges = bindings.Where(binding => binding.Source == exchange && !binding.IsQueue).Select(binding => binding.Destination).ToHashSet();
        return [.. bindings.Where(binding => binding.IsQueue && consumerExchanges.Contains(binding.Source)).Select(binding => binding.Destination)];
    }

    /// <summary>
    /// Messages published to exchanges and delivered to consumers since the broker started, over
    /// every virtual host (the management statistics, refreshed every five seconds).
    /// </summary>
    public async Task<(long Published, long Delivered)> MessageTotalsAsync()
    {
        using var response = await _management.GetAsync("/api/overview");
        await response.EnsureStatusAsync(HttpStatusCode.OK);
        var overview = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!overview.TryGetProperty("message_stats", out var stats))
        {
            return (0, 0);
        }
        static long Count(JsonElement stats, string name) => stats.TryGetProperty(name, out var value) ? value.GetInt64() : 0;
        return (Count(stats, "publish"), Count(stats, "deliver_get"));
    }

    /// <summary>A virtual host of its own, for a test that needs a broker where nothing is declared yet.</summary>
    public static async Task<Broker> CreateEmptyVirtualHostAsync()
    {
        var broker = new Broker($"test-{Guid.NewGuid():N}");
        using (var created = await broker._management.PutAsync($"/api/vhosts/{broker.EscapedVirtualHost}", null))
        {
            await created.EnsureStatusAsync(HttpStatusCode.Created);
        }
        using var permitted = await broker._management.PutAsJsonAsync($"/api/permissions/{broker.EscapedVirtualHost}/guest",
            new { configure = ".*", write = ".*", read = ".*" });
        permitted.EnsureSuccessStatusCode();
        return broker;
    }

    public async Task DeleteVirtualHostAsync()
    {
        using var _ = await _management.DeleteAsync($"/api/vhosts/{EscapedVirtualHost}");
    }

    /// <summary>The AMQP address of this virtual host on the run's broker.</summary>
    public string AmqpAddress => $"{TestEnvironment.RabbitMq.TrimEnd('/')}/{EscapedVirtualHost}";

    public void Dispose() => _management.Dispose();
}
