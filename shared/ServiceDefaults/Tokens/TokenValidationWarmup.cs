using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace PapersPlatform.ServiceDefaults.Tokens;

/// <summary>
/// Does once at start-up what the first signed request would otherwise pay for (docs/performance.md,
/// "Submit → visible"). Before the service says it is ready, a token is read and its signature
/// checked: one this process signs with a throwaway key, so that the JIT has compiled the token
/// handler. Then, beside readiness (it may wait for the accounts service, which in Kubernetes
/// answers once ready, itself included), the keys the handler will use are fetched: first with a
/// retriever of our own until the accounts service answers, then once by the handler's own
/// configuration manager, which keeps them. Retrying on that manager would not do: each failure
/// there pushes its next attempt further away.
/// </summary>
internal sealed partial class TokenValidationWarmup(
    IOptionsMonitor<JwtBearerOptions> jwtOptions, StartupWarmupState state, TimeProvider clock, ILogger<TokenValidationWarmup> logger)
    : StartupWarmupService(state, logger)
{
    /// <summary>Enough for the accounts service to start beside this one.</summary>
    private static readonly TimeSpan KeysBudget = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    protected override string Name => "token validation";

    protected override async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        var options = Options;
        using var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = "start-up-warm-up" };
        var handler = options.TokenHandlers.OfType<JsonWebTokenHandler>().FirstOrDefault() ?? new JsonWebTokenHandler();
        var now = clock.GetUtcNow().UtcDateTime;
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.TokenValidationParameters.ValidIssuer,
            Audience = options.TokenValidationParameters.ValidAudience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(1),
            Claims = new Dictionary<string, object> { [JwtRegisteredClaimNames.Sub] = "start-up warm-up", [CurrentTokens.GenerationClaim] = 0 },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
        var parameters = options.TokenValidationParameters.Clone();
        parameters.IssuerSigningKey = key;
        parameters.ConfigurationManager = null; // the throwaway key only: no fetch of the real ones here
        var result = await handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
        {
            throw new InvalidOperationException("The start-up warm-up's own token was refused.", result.Exception);
        }
    }

    /// <summary>Best effort: if the accounts service does not answer within the budget, the handler fetches the keys when first needed, as it would anyway.</summary>
    protected override async Task AfterReadyAsync(CancellationToken stoppingToken)
    {
        var options = Options;
        if (options.ConfigurationManager is not { } manager || options.MetadataAddress is not { Length: > 0 } address)
        {
            return;
        }
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        budget.CancelAfter(KeysBudget);
        var retriever = new HttpDocumentRetriever(options.Backchannel) { RequireHttps = options.RequireHttpsMetadata };
        try
        {
            while (true)
            {
                try
                {
                    await OpenIdConnectConfigurationRetriever.GetAsync(address, retriever, budget.Token);
                    break;
                }
                catch (Exception) when (!budget.IsCancellationRequested)
                {
                    await Task.Delay(RetryDelay, CancellationToken.None); // the accounts service is still starting
                }
            }
            await manager.GetConfigurationAsync(budget.Token); // once: the accounts service answers now
        }
        catch (Exception exception)
        {
            if (!stoppingToken.IsCancellationRequested)
            {
                LogKeysNotFetched(logger, exception);
            }
        }
    }

    private JwtBearerOptions Options => jwtOptions.Get(JwtBearerDefaults.AuthenticationScheme);

    [LoggerMessage(Level = LogLevel.Information, Message = "The signing keys could not be fetched at start-up; the first signed request fetches them")]
    private static partial void LogKeysNotFetched(ILogger logger, Exception exception);
}
