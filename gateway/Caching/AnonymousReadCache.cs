using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.OutputCaching;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Gateway.Caching;

/// <summary>
/// ASP.NET Core's output cache for the hot anonymous reads (day listing, search, paper page,
/// trending, feeds): one answer serves every anonymous reader for a few seconds. Its default rules
/// keep it off everything personal: a signed-in request (bearer or session cookie) is neither
/// served from the cache nor stored, so nobody ever sees another user's "upvoted".
/// </summary>
internal static class AnonymousReadCache
{
    public const string PolicyName = "anonymous-reads";

    /// <summary>How long an answer is served from the cache (<c>Gateway:OutputCache:Duration</c>).</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddAnonymousReadCache(this IServiceCollection services, IConfiguration configuration)
    {
        var duration = configuration.GetValue("Gateway:OutputCache:Duration", DefaultDuration);
        services.AddOutputCache(options => options.AddPolicy(PolicyName, policy =>
        {
            if (duration <= TimeSpan.Zero)
            {
                policy.NoCache(); // zero turns the cache off (the gateway benchmark compares both)
                return;
            }
            policy.Expire(duration)
                .SetVaryByQuery("*") // every query value is part of the key: ?date=, ?q=, ?cursor=, ?window=
                .AddPolicy<CacheHitReporter>();
        }));
        return services;
    }
}

/// <summary>
/// Says whether an answer came from the cache, in an X-Cache header (HIT or MISS) and in the
/// gateway.output_cache.lookups counter (tag result).
/// </summary>
internal sealed class CacheHitReporter : IOutputCachePolicy
{
    public const string Header = "X-Cache";

    private static readonly Counter<long> Lookups = PlatformTelemetry.Meter.CreateCounter<long>(
        "gateway.output_cache.lookups", description: "Anonymous reads answered from the gateway's cache (result=hit) or passed on (result=miss).");

    private static readonly object ServedFromCache = new();

    /// <summary>
    /// Before the lookup: a request the cache may answer (anonymous) gets its header as its answer
    /// starts, HIT or MISS, whichever way the answer came. Headers cannot change later than that,
    /// and the stored copy must not keep a HIT of its own.
    /// </summary>
    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        if (!context.AllowCacheLookup)
        {
            return ValueTask.CompletedTask; // signed in: never from the cache, no header
        }
        var http = context.HttpContext;
        http.Response.OnStarting(() =>
        {
            var hit = http.Items.ContainsKey(ServedFromCache);
            http.Response.Headers[Header] = hit ? "HIT" : "MISS";
            Lookups.Add(1, new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));
            return Task.CompletedTask;
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        context.HttpContext.Items[ServedFromCache] = true;
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;
}
