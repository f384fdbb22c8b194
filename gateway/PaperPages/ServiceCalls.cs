using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using PapersPlatform.Gateway.Proxy;
using PapersPlatform.Gateway.Session;

namespace PapersPlatform.Gateway.PaperPages;

/// <summary>What one service answered the gateway: its status and JSON, or nothing (down, slow).</summary>
internal sealed record ServiceAnswer(HttpStatusCode? Status, JsonElement? Body, string? Text)
{
    public static readonly ServiceAnswer Unavailable = new(null, null, null);

    public bool IsOk => Status == HttpStatusCode.OK;

    public bool IsNotFound => Status == HttpStatusCode.NotFound;
}

/// <summary>
/// The gateway's own GETs to a service, on behalf of the caller (their bearer token or session
/// cookie goes along), to a healthy instance, within a time budget: a part that does not answer
/// in time is reported unavailable rather than holding the whole answer up.
/// </summary>
internal sealed class ServiceCalls(IHttpClientFactory clients, ClusterDestinations destinations)
{
    public const string ClientName = "services";

    public async Task<ServiceAnswer> GetAsync(string clusterId, string path, HttpRequest caller, TimeSpan budget, CancellationToken cancellationToken)
    {
        if (destinations.Pick(clusterId) is not { } instance)
        {
            return ServiceAnswer.Unavailable;
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(instance, path));
        if (SessionCookie.BearerTokenOf(caller) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(budget);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
            // Anything but the paper or "no such paper" (a 5xx, a 401 from an expired token, a 429)
            // is a part that could not be had, not an empty one.
            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.NotFound))
            {
                return ServiceAnswer.Unavailable;
            }
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            JsonElement? body = response.IsSuccessStatusCode ? JsonDocument.Parse(text).RootElement.Clone() : null;
            return new ServiceAnswer(response.StatusCode, body, text);
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return ServiceAnswer.Unavailable;
        }
    }
}
