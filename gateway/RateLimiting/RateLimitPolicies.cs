using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Gateway.RateLimiting;

/// <summary>
/// ASP.NET Core's rate limiter, one named policy per kind of route (the routes name theirs in
/// appsettings.json). A client is its user when signed in and its address otherwise; the address
/// is the forwarded one only from a trusted proxy (TrustedProxies).
/// </summary>
internal static class RateLimitPolicies
{
    public const string Reads = "reads";
    public const string Writes = "writes";
    public const string Registrations = "registrations";
    public const string SignIns = "sign-ins";
    public const string Streams = "streams";

    public static IServiceCollection AddGatewayRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.AddSingleton<SignInThrottle>();
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(Reads, context => Window(context, limits => limits.Reads, ClientOf(context)));
            options.AddPolicy(Writes, context => Window(context, limits => limits.Writes, ClientOf(context)));
            options.AddPolicy(Registrations, context => Window(context, limits => limits.Registrations, AddressOf(context)));
            options.AddPolicy(SignIns, context => Window(context, limits => limits.SignIns, AddressOf(context)));
            options.AddPolicy(Streams, context =>
            {
                if (!Current(context).Enabled)
                {
                    return RateLimitPartition.GetNoLimiter("off");
                }
                var most = Current(context).StreamsPerUser;
                return RateLimitPartition.GetConcurrencyLimiter($"{most}|{ClientOf(context)}",
                    _ => new ConcurrencyLimiterOptions { PermitLimit = most, QueueLimit = 0 });
            });
            options.OnRejected = (rejected, _) => RejectAsync(rejected);
        });
        return services;
    }

    /// <summary>Who is counted: the signed-in user, or the address of an anonymous caller.</summary>
    public static string ClientOf(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true ? $"user:{context.User.UserName()}" : AddressOf(context);

    /// <summary>
    /// The client's address; an IPv6 one by its /64, the block one subscriber gets, so that
    /// rotating through it does not make one client many.
    /// </summary>
    public static string AddressOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is { IsIPv4MappedToIPv6: true })
        {
            address = address.MapToIPv4();
        }
        if (address is { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 })
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return $"address:{new System.Net.IPAddress(bytes)}/64";
        }
        return $"address:{address}";
    }

    private static RateLimitOptions Current(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue;

    private static RateLimitPartition<string> Window(HttpContext context, Func<RateLimitOptions, WindowLimit> choose, string client)
    {
        var current = Current(context);
        if (!current.Enabled)
        {
            return RateLimitPartition.GetNoLimiter("off");
        }
        var limit = choose(current);
        return RateLimitPartition.GetFixedWindowLimiter($"{limit}|{client}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0, // refuse at once: a queued request only holds a connection longer
        });
    }

    private static ValueTask RejectAsync(OnRejectedContext rejected)
    {
        var context = rejected.HttpContext;
        var policy = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var detail = policy switch
        {
            Registrations => "Too many accounts were created from this address. Try again later.",
            SignIns => "Too many sign-in attempts from this address. Wait a moment and try again.",
            Streams => $"You already have {Current(context).StreamsPerUser} live notification streams open. Close one first.",
            _ => "Slow down: this client sent more requests than the site allows in a short time.",
        };
        return GatewayProblems.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests.", detail, retryAfter);
    }
}
