using System.Security.Claims;
using PapersPlatform.Accounts.Apis;
using PapersPlatform.Accounts.Infrastructure;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Accounts.Tokens;

/// <summary>
/// Every other service asks this one whether a token is current (GET /api/accounts/me) on a
/// user's first signed request: the queries behind that answer are compiled once at start-up,
/// before the service says it is ready, so that the first submission after a start does not wait
/// for them (docs/performance.md, "Submit → visible"). Read-only: nothing is written.
/// </summary>
internal sealed class TokenCheckWarmup(IServiceScopeFactory scopes, StartupWarmupState state, ILogger<TokenCheckWarmup> logger)
    : StartupWarmupService(state, logger)
{
    /// <summary>A name no account can have (user names are letters, digits, '_' and '-').</summary>
    private const string NoSuchUser = "start-up warm-up";

    protected override string Name => "token checks";

    protected override async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        await new DatabaseTokenCheck(db).IsCurrentAsync(NoSuchUser, 0, "", cancellationToken);
        await AccountsApi.GetMeAsync(new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", NoSuchUser)])), db, cancellationToken);
    }
}
