using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using PapersPlatform.Gateway.Session;

namespace PapersPlatform.Gateway.Proxy;

/// <summary>What one service answered the gateway: its status and JSON, or nothing (down, slow).</summary>
internal sealed record ServiceAnswer(HttpStatusCode? Status, JsonElement? Body, string? Text)
{
    public static readonly ServiceAnswer Unavailable = new(null, null, null);

    public bool IsOk => Status == HttpStatusCode.OK;

    public bool IsNotFound => Status == HttpStatusCode.NotFound;

    /// <summary>Neither the thing nor "no such thing" (down, slow, a 401 from an expired token, a 429): a part that could not be had.</summary>
    public bool IsMissing => !IsOk && !IsNotFound;
}

/// <summary>
/// The gateway's own calls to a service (the paper page's parts, the web page's sign-in): to a
/// healthy instance, within a time budget, so that a service that does not answer in time is
/// reported unavailable rather than holding the answer up.
/// </summary>
internal sealed class ServiceCalls(IHttpClientFactory clients, ClusterDestinations destinations)
{
    public const string ClientName = "services";

    /// <summary>A GET on the caller's behalf: their bearer token or session cookie goes along as a bearer token.</summary>
    public Task<ServiceAnswer> GetAsync(string clusterId, string path, HttpRequest caller, TimeSpan budget, CancellationToken cancellationToken) =>
        SendAsync(clusterId, HttpMethod.Get, path, content: null, SessionCookie.BearerTokenOf(caller), budget, cancellationToken);

    /// <summary>
    /// One request to a healthy instance of the service. A 5xx, no answer within the budget, or no
    /// instance at all is <see cref="ServiceAnswer.Unavailable"/>; any other answer is as it came.
    /// </summary>
    public async Task<ServiceAnswer> SendAsync(
        string clusterId, HttpMethod method, string path, HttpContent? content, string? bearerToken, TimeSpan budget, CancellationToken cancellationToken)
    {
        if (destinations.Pick(clusterId) is not { } instance)
        {
            return ServiceAnswer.Unavailable;
        }
        using var request = new HttpRequestMessage(method, new Uri(instance, path)) { Content = content };
        if (bearerToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(budget);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
            if ((int)response.StatusCode >= 500)
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
