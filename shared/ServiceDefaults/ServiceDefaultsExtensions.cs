using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;
using PapersPlatform.ServiceDefaults.Problems;

namespace PapersPlatform.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>Telemetry, health checks, problem details, token validation and OpenAPI for every service.</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.AddPlatformAuthentication();

        // RFC 9457 bodies (with traceId) for every error, including the empty 4xx that
        // routing, auth and model binding produce.
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // Say what was wrong with a request that could not be read (malformed JSON, wrong types).
            if (context.Exception is BadHttpRequestException bad)
            {
                context.ProblemDetails.Detail = RequestReadFailures.Explain(bad);
            }
            if (context.ProblemDetails.Status == StatusCodes.Status503ServiceUnavailable)
            {
                context.ProblemDetails.Detail ??= "A dependency is briefly unavailable; nothing was changed. Try again.";
                // Unless the answer already says how long (the gateway's "no instance is answering").
                context.HttpContext.Response.Headers.TryAdd("Retry-After", "1");
            }
        });
        // ...in the one error format, whatever the client's Accept header asks for.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IProblemDetailsWriter, ProblemJsonWriter>());
        // Minimal APIs throw on unreadable requests so that the handler above can explain them.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        // Validation error keys are named as the JSON fields are ("arxivId", not "ArxivId").
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.CamelCase);
        builder.Services.AddOpenApi();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
            TrustedProxies.Configure(options, builder.Configuration, trustLoopbackByDefault: true));
        return builder;
    }

    /// <param name="onEveryAnswer">
    /// Middleware that must see every answer, errors and 401s included (the gateway's security
    /// headers): it runs right after the client's address and scheme are known.
    /// </param>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, Action<WebApplication>? onEveryAnswer = null)
    {
        // First, so that everything after knows the client's real address and scheme: behind the
        // gateway, links (OpenAPI servers, Location) name the public address. Which proxies are
        // believed is TrustedProxies' choice.
        app.UseForwardedHeaders();
        onEveryAnswer?.Invoke(app);
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Malformed JSON, oversized bodies etc. are the client's fault: keep their 4xx.
            StatusCodeSelector = StatusCodeFor,
            // ...and they are not server errors worth an error log entry.
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException,
        });
        app.UseStatusCodePages();
        app.Use(Utf8Bodies.RefuseOtherCharsetsAsync);
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthEndpoints();
        app.MapOpenApi();
        return app;
    }

    private static int StatusCodeFor(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        // The database is restarting or unreachable: the request changed nothing (its
        // transaction rolled back) and may be retried.
        _ when exception.IsTransientDatabaseFailure() => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
