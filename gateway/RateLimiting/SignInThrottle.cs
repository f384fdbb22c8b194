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

    /// <summary>
    /// One attempt at a time per account: a window is looked at before forwarding and counted
    /// after the answer, so guesses sent in parallel would otherwise all pass the look.
    /// </summary>
    private readonly PartitionedRateLimiter<string> _turns = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetConcurrencyLimiter(key, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = 1,
            QueueLimit = 4,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }));

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<SignInEndpoint>() is null || !options.CurrentValue.Enabled)
        {
            await next(context);
            return;
        }
        if (await ReadAccountAsync(context.Request) is not { } name)
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "The sign-in request is not valid.",
                "Its body must be one JSON object that names username and password once each.");
            return;
        }
        var limits = options.CurrentValue;
        var account = $"{limits.FailedSignInsPerAccount}|{name}";
        var address = $"{limits.FailedSignInsPerAddress}|{RateLimitPolicies.AddressOf(context)}";
        using var turn = await _turns.AcquireAsync(name, cancellationToken: context.RequestAborted);
        if (!turn.IsAcquired)
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many sign-ins at once.",
                "Several sign-ins to this account are already waiting. Try again in a moment.", TimeSpan.FromSeconds(1));
            return;
        }
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

    /// <summary>
    /// The account the body names (lower case: account names are case-insensitive), "" when it
    /// names none (the service then answers 400), or null when it cannot be trusted to say which
    /// account the service will check: not JSON, or the name given twice (the service's
    /// deserializer would take the last, a reader the first).
    /// </summary>
    private static async Task<string?> ReadAccountAsync(HttpRequest request)
    {
        switch (request.ContentLength)
        {
            case 0:
                return "";
            case > MaxBodyBytes:
                return null;
        }
        // A chunked body is read too, up to the same size: it names an account like any other.
        request.EnableBuffering(MaxBodyBytes, MaxBodyBytes);
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, Strict, request.HttpContext.RequestAborted);
            if (body.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var names = body.RootElement.EnumerateObject()
                .Where(property => string.Equals(property.Name, "username", StringComparison.OrdinalIgnoreCase)).ToList();
            return names switch
            {
                [] => "",
                [{ Value.ValueKind: JsonValueKind.String } only] => only.Value.GetString()!.Trim().ToLowerInvariant(),
                [_] => "",
                _ => null,
            };
        }
        // InvalidOperationException: GetString on a name that is not UTF-8 or holds an escaped lone surrogate.
        catch (Exception exception) when (exception is JsonException or IOException or BadHttpRequestException or InvalidOperationException)
        {
            return null;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }

    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

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
        _turns.Dispose();
        _accounts.Dispose();
        _addresses.Dispose();
    }
}
