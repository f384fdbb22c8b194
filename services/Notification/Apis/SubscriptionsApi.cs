using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.Notification.Keywords;
using PapersPlatform.Notification.Model;
using PapersPlatform.Notification.Subscriptions;
using PapersPlatform.ServiceDefaults;
using PapersPlatform.ServiceDefaults.Validation;

namespace PapersPlatform.Notification.Apis;

public static class SubscriptionsApi
{
    public static IEndpointRouteBuilder MapSubscriptionsApi(this IEndpointRouteBuilder app)
    {
        var subscriptions = app.MapGroup("api/subscriptions").WithTags("Subscriptions").RequireAuthorization();
        subscriptions.MapGet("", GetAsync).WithSummary("The caller's subscription: e-mail digest and keyword alerts (digest off and no keywords until set).");
        subscriptions.MapPut("", PutAsync).WithSummary("Replaces the caller's subscription.");
        return app;
    }

    public static async Task<Ok<SubscriptionResponse>> GetAsync(ClaimsPrincipal user, NotificationDbContext db, CancellationToken cancellationToken)
    {
        var subscription = await db.Subscriptions.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.UserName == user.UserName(), cancellationToken);
        return TypedResults.Ok(subscription is null ? SubscriptionResponse.None : SubscriptionResponse.From(subscription));
    }

    public static async Task<Ok<SubscriptionResponse>> PutAsync(
        SubscriptionRequest request, ClaimsPrincipal user, NotificationDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var userName = user.UserName();
        // The same keyword twice, or in another case or spelling of the same words, is one keyword.
        var keywords = (request.Keywords ?? []).Select(keyword => keyword.Trim())
            .DistinctBy(keyword => KeywordText.Phrase(keyword), StringComparer.Ordinal).ToList();
        var email = request.Email?.Trim();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var subscription = await db.Subscriptions.SingleOrDefaultAsync(candidate => candidate.UserName == userName, cancellationToken);
        if (subscription is null)
        {
            subscription = new Subscription { UserName = userName, Email = email, Digest = request.Digest, Keywords = keywords };
            db.Subscriptions.Add(subscription);
        }
        else
        {
            (subscription.Email, subscription.Digest, subscription.Keywords) = (email, request.Digest, keywords);
        }
        subscription.UpdatedAt = clock.GetUtcNow();
        // The keyword index that matching reads is rewritten with the subscription, in one transaction.
        await db.KeywordAlerts.Where(alert => alert.UserName == userName).ExecuteDeleteAsync(cancellationToken);
        db.KeywordAlerts.AddRange(keywords.Select(keyword => new KeywordAlert { Phrase = KeywordText.Phrase(keyword)!, UserName = userName, Keyword = keyword }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(SubscriptionResponse.From(subscription));
    }
}

/// <summary>Without an e-mail address nothing is mailed; keyword alerts still arrive in the app.</summary>
public sealed record SubscriptionRequest(
    [PlainText, MailAddress, StringLength(254)] string? Email,
    [Required, AllowedValues(DigestFrequencies.Off, DigestFrequencies.Daily, DigestFrequencies.Weekly, ErrorMessage = "Must be off, daily or weekly.")] string Digest,
    [Keywords, PlainText] IReadOnlyList<string>? Keywords) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Digest is DigestFrequencies.Daily or DigestFrequencies.Weekly && string.IsNullOrWhiteSpace(Email))
        {
            yield return new ValidationResult("A digest needs an e-mail address.", [nameof(Email)]);
        }
    }
}

public sealed record SubscriptionResponse(string? Email, string Digest, IReadOnlyList<string> Keywords)
{
    public static readonly SubscriptionResponse None = new(null, DigestFrequencies.Off, []);

    public static SubscriptionResponse From(Subscription subscription) => new(subscription.Email, subscription.Digest, subscription.Keywords);
}
