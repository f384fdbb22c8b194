using Microsoft.AspNetCore.Identity;
using PapersPlatform.Accounts.Infrastructure;
using PapersPlatform.Accounts.Model;
using PapersPlatform.Accounts.Passwords;
using PapersPlatform.Accounts.Tokens;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PapersPlatform.ServiceDefaults;
using PapersPlatform.ServiceDefaults.Tokens;

namespace PapersPlatform.Accounts.Extensions;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<AccountsDbContext>(AccountsDbContext.Schema);
        builder.Services.AddValidation();

        // ASP.NET Core Identity's hasher: PBKDF2-HMAC-SHA512 with a per-password salt, in a format
        // that records its iterations, at OWASP's current strength (a weaker stored hash is
        // replaced at the next sign-in).
        builder.Services.Configure<PasswordHasherOptions>(options => options.IterationCount = PasswordStrength.Iterations);
        builder.Services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        builder.Services.AddSingleton<DummyPassword>();
        // One signing key per deployment, created on first start and kept in the accounts schema
        // so that tokens stay valid across restarts and across instances.
        builder.Services.AddSingleton<SigningKeys>();
        builder.Services.AddSingleton<TokenIssuer>();
        // Whether a token is still current, from this service's own table rather than over HTTP to itself.
        builder.Services.Replace(ServiceDescriptor.Scoped<ICurrentTokenCheck, DatabaseTokenCheck>());
        // After the database's migrator, so that it runs on the migrated schema.
        builder.Services.AddStartupWarmup<TokenCheckWarmup>();
        return builder;
    }
}
