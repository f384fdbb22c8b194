using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace PapersPlatform.Gateway.Proxy;

/// <summary>
/// YARP's pipeline for every proxied request: its own steps (load balancing over the healthy
/// destinations, passive health checks), plus two of ours: a body that is announced too large is
/// refused before anything is forwarded, so is a header that could not be forwarded, and a request YARP could not forward gets an answer that
/// says why, in problem+json.
/// </summary>
internal static class ProxyPipeline
{
    public static ReverseProxyConventionBuilder MapGatewayProxy(this WebApplication app) =>
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(ExplainForwardingFailuresAsync);
            proxy.Use(RefuseAnnouncedOversizedBodiesAsync);
            proxy.Use(RefuseHeadersThatCannotBeForwardedAsync);
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        })
        // Routes whose configuration says "Metadata": { "SignIn": "true" } check passwords (SignInThrottle).
        .ConfigureEndpoints((endpoint, route) =>
        {
            if (route.Metadata?.ContainsKey("SignIn") == true)
            {
                endpoint.WithMetadata(RateLimiting.SignInEndpoint.Instance);
            }
        });

    /// <summary>
    /// A Content-Length over the route's limit is answered 413 at once: the service never sees the
    /// request (YARP would send the headers on and fail while copying the body: a 502, yarp#2731).
    /// A chunked body over the limit is cut off by Kestrel while it is copied, and YARP answers 413.
    /// </summary>
    private static Task RefuseAnnouncedOversizedBodiesAsync(HttpContext context, Func<Task> next)
    {
        var limit = context.GetRouteModel().Config.MaxRequestBodySize;
        if (context.Request.ContentLength is { } length && limit is >= 0 && length > limit)
        {
            return TooLargeAsync(context, limit.Value).AsTask();
        }
        return next();
    }

    /// <summary>
    /// A header value that is not ASCII is refused with 400: .NET's HTTP client will not send it
    /// on, so forwarding it would fail as a 502 — and count against a healthy destination in the
    /// passive health checks, letting anyone eject instances with one odd header.
    /// </summary>
    private static Task RefuseHeadersThatCannotBeForwardedAsync(HttpContext context, Func<Task> next)
    {
        foreach (var (name, values) in context.Request.Headers)
        {
            if (values.Any(value => value is not null && !System.Text.Ascii.IsValid(value)))
            {
                return GatewayProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "A request header is not valid.",
                    $"The {name} header holds characters that are not ASCII; header values must be ASCII. Nothing was forwarded.").AsTask();
            }
        }
        return next();
    }

    private static ValueTask TooLargeAsync(HttpContext context, long limit) =>
        GatewayProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "The request body is too large.",
            $"This address takes at most {limit.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} bytes; nothing was forwarded.");

    private static async Task ExplainForwardingFailuresAsync(HttpContext context, Func<Task> next)
    {
        await next();
        if (context.GetForwarderErrorFeature() is not { } failure || context.Response.HasStarted)
        {
            return;
        }
        var cluster = context.GetReverseProxyFeature().Route.Cluster?.ClusterId ?? "back-end";
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<ProxyOptions>>().CurrentValue;
        switch (failure.Error)
        {
            case ForwarderError.NoAvailableDestinations:
                await GatewayProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, $"The {cluster} service is unavailable.",
                    "No instance of it is answering just now; nothing was forwarded. Try again shortly.", options.HealthProbeInterval);
                break;
            case ForwarderError.RequestTimedOut:
            case ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled when RouteTimeoutFired(context):
                await GatewayProblems.WriteAsync(context, StatusCodes.Status504GatewayTimeout, $"The {cluster} service did not answer in time.",
                    $"It took longer than this address allows ({context.GetRouteModel().Config.Timeout?.TotalSeconds ?? options.DefaultTimeout.TotalSeconds} s). The request may or may not have taken effect.");
                break;
            case ForwarderError.RequestBodyClient when context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge:
                await TooLargeAsync(context, context.GetRouteModel().Config.MaxRequestBodySize ?? 0);
                break;
            case ForwarderError.Request or ForwarderError.RequestCreation or ForwarderError.RequestBodyDestination
                or ForwarderError.ResponseHeaders:
                await GatewayProblems.WriteAsync(context, StatusCodes.Status502BadGateway, $"The {cluster} service could not be reached.",
                    "Its instance went away while answering. Try again: another instance will take it.");
                break;
        }
    }

    /// <summary>
    /// A route's timeout cancels the request's token, which YARP takes for a client that went
    /// away and answers 400 (yarp#2662): the timeout feature tells the two apart.
    /// </summary>
    private static bool RouteTimeoutFired(HttpContext context) =>
        context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true;
}
