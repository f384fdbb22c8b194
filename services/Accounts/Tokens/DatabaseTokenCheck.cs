using Microsoft.EntityFrameworkCore;
using PapersPlatform.Accounts.Infrastructure;
using PapersPlatform.ServiceDefaults.Tokens;

namespace PapersPlatform.Accounts.Tokens;

/// <summary>
/// The accounts service knows whether a token is current from its own table: the token's
/// generation must be the user's. Every other service asks this service (AccountsTokenCheck).
/// </summary>
internal sealed class DatabaseTokenCheck(AccountsDbContext db) : ICurrentTokenCheck
{
    public async Task<bool?> IsCurrentAsync(string user, int generation, string encodedToken, CancellationToken cancellationToken)
    {
        var name = user.ToLowerInvariant();
        var current = await db.Users.AsNoTracking().Where(candidate => candidate.NormalizedUserName == name)
            .Select(candidate => (int?)candidate.TokenGeneration).SingleOrDefaultAsync(cancellationToken);
        return current == generation;
    }
}
