using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace PapersPlatform.Gateway.RateLimiting;

/// <summary>Marks an endpoint that checks a password (the token route, the web page's sign-in).</summary>
internal sealed class SignInEndpoint
{
    public static readonly SignInEndpoint Instance = new();
}

/// <summary>
/// Counts wrong passwords, per account and per address, with the rate limiter's own fixed
/// windows: a request first looks whether either window still has room (taking nothing), and
/// only a 401 takes a permit. Once an account has had too many wrong passwords, every attempt at
/// it is refused until the window ends, the right password too, or guessing would go on
/// unhindered with the answer telling right from wrong.
/// </summary>
internal sealed class SignInThrottle(IOptionsMonitor<RateLimitOptions> options) : IMiddleware, IDisposable
{
    /// <summary>A sign-in body is a name and a password; anything longer is not read here.</summary>
    private const int MaxBodyBytes = 16 * 1024;

    private readonly PartitionedRateLimiter<string> _accounts = FixedWindows(options, limits => limits.FailedSignInsPerAccount);
    private readonly PartitionedRateLimiter<string> _addresses = FixedWindows(options, limits => limits.FailedSignInsPerAddress);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<SignInEndpoint>() is null || !options.CurrentValue.Enabled)
        {
            await next(context);
            return;
        }
        var limits = options.CurrentValue;
        var account = $"{limits.FailedSignInsPerAccount}|{await ReadAccountAsync(context.Request)}";
        var address = $"{limits.FailedSignInsPerAddress}|{RateLimitPolicies.AddressOf(context)}";
        using (var accountRoom = _accounts.AttemptAcquire(account, permitCount: 0))
        using (var addressRoom = _addresses.AttemptAcquire(address, permitCount: 0))
        {
            if (!accountRoom.IsAcquired || !addressRoom.IsAcquired)
            {
                var wait = new[] { accountRoom, addressRoom }.Select(RetryAfter).Max();
                await GatewayProblems.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many failed sign-ins.",
                    accountRoom.IsAcquired
                        ? "Too many wrong passwords were sent from this address. Try again later."
                        : "Too many wrong passwords were sent for this account. Signing in to it is paused; try again later.",
                    wait);
                return;
            }
        }
        await next(context);
        if (context.Response.StatusCode == StatusCodes.Status401Unauthorized)
        {
            _accounts.AttemptAcquire(account).Dispose();
            _addresses.AttemptAcquire(address).Dispose();
        }
    }

    /// <summary>The account the body names (case-insensitive, as account names are), or "" when it names none.</summary>
    private static async Task<string> ReadAccountAsync(HttpRequest request)
    {
        if (request.ContentLength is not (> 0 and <= MaxBodyBytes))
        {
            return "";
        }
        request.EnableBuffering(MaxBodyBytes, MaxBodyBytes);
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return body.RootElement.ValueKind == JsonValueKind.Object
                && body.RootElement.EnumerateObject().FirstOrDefault(property => string.Equals(property.Name, "username", StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: JsonValueKind.String } name
                ? name.Value.GetString()!.Trim().ToLowerInvariant()
                : "";
        }
        catch (Exception exception) when (exception is JsonException or IOException or BadHttpRequestException)
        {
            return ""; // the service explains the bad body; the address is still counted
        }
        finally
        {
            request.Body.Position = 0;
        }
    }

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        !lease.IsAcquired && lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.Zero;

    private static PartitionedRateLimiter<string> FixedWindows(IOptionsMonitor<RateLimitOptions> options, Func<RateLimitOptions, WindowLimit> choose) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ =>
        {
            var limit = choose(options.CurrentValue);
            return new FixedWindowRateLimiterOptions { PermitLimit = limit.PermitLimit, Window = limit.Window, QueueLimit = 0 };
        }));

    public void Dispose()
    {
        _accounts.Dispose();
        _addresses.Dispose();
    }
}
