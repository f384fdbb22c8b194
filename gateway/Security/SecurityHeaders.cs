namespace PapersPlatform.Gateway.Security;

/// <summary>
/// Security headers on every answer, the web page's and the API's alike (NetEscapades'
/// middleware): the page may run only its own scripts and styles, and may not be framed.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>The API reference page (Scalar) starts itself with an inline script.</summary>
    public const string ApiReferencePolicy = "api-reference";

    public static IServiceCollection AddGatewaySecurityHeaders(this IServiceCollection services) =>
        services.AddSecurityHeaderPolicies(policies => policies
            .SetDefaultPolicy(policy => Common(policy).AddContentSecurityPolicy(csp =>
            {
                SameOriginOnly(csp);
                csp.AddScriptSrc().Self();
                csp.AddStyleSrc().Self();
            }))
            .AddPolicy(ApiReferencePolicy, policy => Common(policy).AddContentSecurityPolicy(csp =>
            {
                SameOriginOnly(csp);
                csp.AddScriptSrc().Self().UnsafeInline();
                csp.AddStyleSrc().Self().UnsafeInline();
                csp.AddFontSrc().Self().Data();
            })));

    private static HeaderPolicyCollection Common(HeaderPolicyCollection policy) => policy
        .AddContentTypeOptionsNoSniff()
        .AddFrameOptionsDeny()
        .AddReferrerPolicyStrictOriginWhenCrossOrigin()
        .AddCrossOriginOpenerPolicy(builder => builder.SameOrigin())
        // Sent on HTTPS answers only (also behind a TLS-terminating proxy that is trusted): a
        // browser that saw it never tries plain HTTP again for a year.
        .AddStrictTransportSecurityMaxAgeIncludeSubDomains(maxAgeInSeconds: 365 * 24 * 3600)
        .RemoveServerHeader();

    private static void SameOriginOnly(CspBuilder csp)
    {
        csp.AddDefaultSrc().Self();
        csp.AddConnectSrc().Self();
        // The favicon is a data: URL.
        csp.AddImgSrc().Self().Data();
        csp.AddObjectSrc().None();
        csp.AddBaseUri().Self();
        csp.AddFormAction().Self();
        csp.AddFrameAncestors().None();
    }
}
