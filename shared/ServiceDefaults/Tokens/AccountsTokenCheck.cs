using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace PapersPlatform.ServiceDefaults.Tokens;

/// <summary>
/// Asks the accounts service whether a token is current by showing it the token
/// (GET /api/accounts/me: 200 when current, 401 when signed out), and remembers the answer per
/// user and generation for a few seconds (Auth:TokenCheckSeconds, default 10): after "sign out
/// everywhere", an old token works for at most that long at an instance that had just checked it.
/// A refusal is remembered as briefly: a 401 can have other causes than signing out (a token that
/// expired between the two checks, clock skew), and a user must not stay locked out by one. When
/// accounts cannot answer, the last answer stands, or the token is accepted: an accounts outage
/// does not sign everyone out, as the signing keys fetched at start-up keep tokens valid through
/// it too; and for a few seconds after a failed ask nobody waits for another.
/// </summary>
internal sealed partial class AccountsTokenCheck(IHttpClientFactory http, IConfiguration configuration, TimeProvider clock,
    ILogger<AccountsTokenCheck> logger) : ICurrentTokenCheck, IDisposable
{
    public const string ClientName = "accounts-token-check";

    private sealed record Answer(bool Current, DateTimeOffset CheckedAt);

    // A cache of its own, bounded: one entry per user (and generation) seen within the hour.
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    private readonly TimeSpan _fresh = TimeSpan.FromSeconds(configuration.GetValue("Auth:TokenCheckSeconds", 10.0));

    /// <summary>Until when asking is skipped after a failed ask (ticks of the clock's UTC time).</summary>
    private long _unansweredUntil;

    public async Task<bool?> IsCurrentAsync(string user, int generation, string encodedToken, CancellationToken cancellationToken)
    {
        var key = $"token-check|{user}|{generation}";
        var known = _cache.Get<Answer>(key);
        var now = clock.GetUtcNow();
        if (known is not null && now - known.CheckedAt < _fresh)
        {
            return known.Current;
        }
        if (now.UtcTicks < Interlocked.Read(ref _unansweredUntil))
        {
            return known?.Current;
        }
        var current = await AskAccountsAsync(encodedToken, cancellationToken);
        if (current is null)
        {
            Interlocked.Exchange(ref _unansweredUntil, (clock.GetUtcNow() + _fresh).UtcTicks);
            return known?.Current;
        }
        // Kept a while longer than fresh: it is the answer to fall back on while accounts is away.
        _cache.Set(key, new Answer(current.Value, clock.GetUtcNow()), new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromHours(1), Size = 1 });
        return current;
    }

    private async Task<bool?> AskAccountsAsync(string encodedToken, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/accounts/me");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", encodedToken);
            using var response = await http.CreateClient(ClientName).SendAsync(request, cancellationToken);
            return response.StatusCode switch
            {
                HttpStatusCode.OK => true,
                HttpStatusCode.Unauthorized => false,
                _ => null,
            };
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogUnanswered(logger, exception.Message);
            return null;
        }
    }

    public void Dispose() => _cache.Dispose();

    [LoggerMessage(LogLevel.Warning, "Could not ask the accounts service whether a token is current ({Reason}); the last answer stands, or the token is accepted.")]
    private static partial void LogUnanswered(ILogger logger, string reason);
}
