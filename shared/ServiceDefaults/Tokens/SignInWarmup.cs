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
/// "Submit → visible"): a token is read and its signature checked (one this process signs with a
/// throwaway key, so the JIT has compiled the token handler), and the accounts service's signing
/// keys are fetched, first with a retriever of our own until the accounts service answers, then
/// by the handler's own configuration manager, which keeps them. Retrying on the handler's manager
/// itself would not do: each failure there pushes its next attempt further away.
/// </summary>
internal sealed partial class SignInWarmup(
    IOptionsMonitor<JwtBearerOptions> jwtOptions, StartupWarmupState state, TimeProvider clock, ILogger<SignInWarmup> logger) : BackgroundService
{
    /// <summary>
    /// Enough for the accounts service to start beside this one; if it is away for longer, this
    /// service says it is ready without the keys (signed requests get 503 until it is back).
    /// </summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // the host's start does not wait for the key pair below
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(Budget);
        try
        {
            var options = jwtOptions.Get(JwtBearerDefaults.AuthenticationScheme);
            await ValidateOwnTokenAsync(options);
            await FetchKeysAsync(options, timeout.Token);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            LogWarmupFailed(logger, exception);
        }
        finally
        {
            state.Done();
        }
    }

    private async Task ValidateOwnTokenAsync(JwtBearerOptions options)
    {
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
            Claims = new Dictionary<string, object> { [JwtRegisteredClaimNames.Sub] = "start-up-warm-up", [CurrentTokens.GenerationClaim] = 0 },
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

    private static async Task FetchKeysAsync(JwtBearerOptions options, CancellationToken cancellationToken)
    {
        if (options.ConfigurationManager is not { } manager || options.MetadataAddress is not { Length: > 0 } address)
        {
            return;
        }
        var retriever = new HttpDocumentRetriever(options.Backchannel) { RequireHttps = options.RequireHttpsMetadata };
        while (true)
        {
            try
            {
                await OpenIdConnectConfigurationRetriever.GetAsync(address, retriever, cancellationToken);
                break;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(RetryDelay, cancellationToken); // the accounts service is still starting
            }
        }
        await manager.GetConfigurationAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in warm-up did not finish; the first signed request will be slower")]
    private static partial void LogWarmupFailed(ILogger logger, Exception exception);
}
