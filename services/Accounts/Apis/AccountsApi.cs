using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Accounts.Infrastructure.EntityConfigurations;
using PapersPlatform.Accounts.Infrastructure;
using PapersPlatform.Accounts.Model;
using PapersPlatform.Accounts.Passwords;
using PapersPlatform.Accounts.Tokens;
using PapersPlatform.ServiceDefaults;
using PapersPlatform.ServiceDefaults.Validation;

namespace PapersPlatform.Accounts.Apis;

public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("api/accounts").WithTags("Accounts");
        accounts.MapPost("", RegisterAsync)
            .WithName("Register")
            .WithSummary("Creates an account. User names are public; whether an address has an account is never told.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        accounts.MapPost("token", IssueTokenAsync)
            .WithName("IssueToken")
            .WithSummary("Signs in: a bearer token for the user name and password.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        var me = accounts.MapGroup("me").RequireAuthorization();
        me.MapGet("", GetMeAsync)
            .WithName("GetMe")
            .WithSummary("The signed-in account. Services ask it with a token to learn whether that token is still current.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        me.MapPost("sign-out-everywhere", SignOutEverywhereAsync)
            .WithName("SignOutEverywhere")
            .WithSummary("Signs out every device: every token issued to this account so far stops working at every service.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    public static async Task<Results<Created<AccountResponse>, ProblemHttpResult>> RegisterAsync(
        RegisterRequest request, AccountsDbContext db, IPasswordHasher<User> hasher, TimeProvider clock, CancellationToken cancellationToken)
    {
        var user = new User
        {
            UserName = request.Username,
            NormalizedUserName = request.Username.ToLowerInvariant(),
            Email = request.Email,
            NormalizedEmail = request.Email.ToLowerInvariant(),
            CreatedAt = clock.GetUtcNow(),
        };
        user.PasswordHash = hasher.HashPassword(user, request.Password);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation(UserConfiguration.UniqueUserName))
        {
            // The user name is taken: names are public on the site anyway.
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "That user name is already taken.");
        }
        return TypedResults.Created($"/api/accounts/{user.UserName}", new AccountResponse(user.UserName, user.Email));
    }

    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueTokenAsync(
        TokenRequest request, AccountsDbContext db, IPasswordHasher<User> hasher, DummyPassword dummy, TokenIssuer issuer, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking()
            .SingleOrDefaultAsync(candidate => candidate.NormalizedUserName == request.Username.ToLowerInvariant(), cancellationToken);
        // An unknown name costs one password check too, against a hash made at start-up, so that
        // the answer's time does not tell which names have accounts.
        var verified = user is null
            ? dummy.Verify(request.Password)
            : hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password);
        if (user is null || verified == PasswordVerificationResult.Failed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unknown user name or wrong password.");
        }
        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
        {
            // Made when hashing was weaker: the password is at hand, so store it at today's strength.
            var stronger = hasher.HashPassword(user, request.Password);
            await db.Users.Where(candidate => candidate.Id == user.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(candidate => candidate.PasswordHash, stronger), cancellationToken);
        }
        var token = await issuer.IssueAsync(user, cancellationToken);
        return TypedResults.Ok(new TokenResponse(token.AccessToken, "Bearer", token.ExpiresIn));
    }

    /// <summary>Only a current token gets here: the authentication handler refuses signed-out ones (DatabaseTokenCheck).</summary>
    public static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> GetMeAsync(
        ClaimsPrincipal principal, AccountsDbContext db, CancellationToken cancellationToken)
    {
        var name = principal.UserName().ToLowerInvariant();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.NormalizedUserName == name, cancellationToken);
        return user is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "This account no longer exists.")
            : TypedResults.Ok(new AccountResponse(user.UserName, user.Email));
    }

    public static async Task<NoContent> SignOutEverywhereAsync(ClaimsPrincipal principal, AccountsDbContext db, CancellationToken cancellationToken)
    {
        var name = principal.UserName().ToLowerInvariant();
        // One statement: two sign-outs at once both move the generation on; neither is lost.
        await db.Users.Where(candidate => candidate.NormalizedUserName == name)
            .ExecuteUpdateAsync(set => set.SetProperty(candidate => candidate.TokenGeneration, candidate => candidate.TokenGeneration + 1), cancellationToken);
        return TypedResults.NoContent();
    }
}

public sealed record RegisterRequest(
    [Required, StringLength(32, MinimumLength = 3), RegularExpression("^[A-Za-z0-9_-]+$", ErrorMessage = "Use 3 to 32 letters, digits, '_' or '-'.")]
    string Username,
    [Required, PlainText, EmailAddress, StringLength(254)]
    string Email,
    [Required, PlainText, StringLength(128, MinimumLength = 8)]
    string Password);

public sealed record TokenRequest(
    [Required, PlainText, StringLength(64)] string Username,
    [Required, PlainText, StringLength(128)] string Password);

public sealed record AccountResponse(string Username, string Email);

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);
