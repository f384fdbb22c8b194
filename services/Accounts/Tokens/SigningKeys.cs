using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using PapersPlatform.Accounts.Infrastructure;
using PapersPlatform.Accounts.Model;

namespace PapersPlatform.Accounts.Tokens;

/// <summary>
/// The RSA keys tokens are signed with. The oldest stored key signs; every stored key is
/// published, so instances that raced to create the first key still validate each other's tokens.
/// </summary>
public sealed class SigningKeys(IServiceScopeFactory scopes, TimeProvider clock)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RsaSecurityKey? _current;
    private IReadOnlyList<RsaSecurityKey>? _published;

    public async Task<RsaSecurityKey> GetCurrentAsync(CancellationToken cancellationToken)
    {
        if (_current is not null)
        {
            return _current;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _current ??= await LoadOrCreateAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Every stored key, read afresh (another instance may have added one). While the database is
    /// away the last key set read is served: a service that restarts during a database outage
    /// must still get the keys to validate tokens with, or it answers 401 to valid tokens.
    /// </summary>
    public async Task<IReadOnlyList<RsaSecurityKey>> GetAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            await GetCurrentAsync(cancellationToken); // there is always at least one
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
            var stored = await db.SigningKeys.AsNoTracking().OrderBy(key => key.CreatedAt).ToListAsync(cancellationToken);
            return _published = [.. stored.Select(ToSecurityKey)];
        }
        catch (Exception exception) when (_published is not null && exception is not OperationCanceledException)
        {
            return _published;
        }
    }

    private async Task<RsaSecurityKey> LoadOrCreateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        var stored = await db.SigningKeys.AsNoTracking().OrderBy(key => key.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (stored is null)
        {
            using var rsa = RSA.Create(2048);
            stored = new SigningKey
            {
                KeyId = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)),
                PrivateKeyPem = rsa.ExportPkcs8PrivateKeyPem(),
                CreatedAt = clock.GetUtcNow(),
            };
            db.SigningKeys.Add(stored);
            await db.SaveChangesAsync(cancellationToken);
        }
        return ToSecurityKey(stored);
    }

    private static RsaSecurityKey ToSecurityKey(SigningKey stored)
    {
        var rsa = RSA.Create(); // lives as long as the key object; not disposed on purpose
        rsa.ImportFromPem(stored.PrivateKeyPem);
        return new RsaSecurityKey(rsa) { KeyId = stored.KeyId };
    }
}
