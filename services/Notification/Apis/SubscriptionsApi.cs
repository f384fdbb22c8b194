using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PapersPlatform.Messaging.Inbox;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.Notification.Keywords;
using PapersPlatform.Notification.Mail;
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
        subscriptions.MapGet("", GetAsync)
            .WithName("GetSubscription")
            .WithSummary("The caller's subscription: e-mail digest and keyword alerts (digest off and no keywords until set).");
        subscriptions.MapPut("", PutAsync)
            .WithName("PutSubscription")
            .WithSummary("Replaces the caller's subscription; a new address is mailed a confirmation link first.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    public static async Task<Ok<SubscriptionResponse>> GetAsync(ClaimsPrincipal user, NotificationDbContext db, CancellationToken cancellationToken)
    {
        var subscription = await db.Subscriptions.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.UserName == user.UserName(), cancellationToken);
        return TypedResults.Ok(subscription is null ? SubscriptionResponse.None : SubscriptionResponse.From(subscription));
    }

    public static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> PutAsync(
        SubscriptionRequest request, ClaimsPrincipal user, NotificationDbContext db, TimeProvider clock, IOptions<MailOptions> mail, CancellationToken cancellationToken)
    {
        var userName = user.UserName();
        // The same keyword twice, or in another case or spelling of the same words, is one keyword.
        var keywords = (request.Keywords ?? []).Select(keyword => keyword.Trim())
            .DistinctBy(keyword => KeywordText.Phrase(keyword), StringComparer.Ordinal).ToList();
        var email = request.Email?.Trim();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // One save per user at a time (two at once both rewrote the keyword index: a duplicate key,
        // a 500), and the row locked against a confirmation landing between reading and writing it
        // (which would confirm the address this save replaces).
        await db.LockKeyAsync("subscription", userName, cancellationToken);
        var subscription = (await db.Subscriptions.FromSql(ModelSql.Statement($"SELECT * FROM {db.TableOf<Subscription>()} WHERE user_name = {userName} FOR UPDATE"))
            .ToListAsync(cancellationToken)).SingleOrDefault();
        var previousEmail = subscription?.Email;
        var now = clock.GetUtcNow();
        var addressChanged = !string.Equals(previousEmail, email, StringComparison.OrdinalIgnoreCase);
        var mailsConfirmation = email is not null && mail.Value.Enabled && (addressChanged || subscription?.EmailConfirmedAt is null)
            && !await ConfirmationMailedRecentlyAsync(db, userName, email, now - mail.Value.ConfirmationLinkLifetime, cancellationToken);
        // One mail per address is not enough of a limit: an account could name a new address each
        // time and mail strangers at the write rate. Refused before anything is written.
        if (mailsConfirmation && await ConfirmationsSinceAsync(db, userName, now - TimeSpan.FromDays(1), cancellationToken) >= mail.Value.ConfirmationsPerUserPerDay)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many new e-mail addresses today.",
                detail: $"An account gets at most {mail.Value.ConfirmationsPerUserPerDay} confirmation mails a day; nothing was changed. Try again tomorrow.");
        }
        if (subscription is null)
        {
            subscription = new Subscription { UserName = userName, Email = email, Digest = request.Digest, Keywords = keywords };
            db.Subscriptions.Add(subscription);
        }
        else
        {
            (subscription.Email, subscription.Digest, subscription.Keywords) = (email, request.Digest, keywords);
        }
        subscription.UpdatedAt = now;
        if (addressChanged)
        {
            // A new address is unconfirmed, whatever the old one was, and nothing queued for the old one goes out.
            subscription.EmailConfirmedAt = null;
            if (previousEmail is not null)
            {
                await db.Mails.Where(queued => queued.UserName == userName && queued.Address == previousEmail && queued.SentAt == null && queued.AbandonedAt == null)
                    .ExecuteUpdateAsync(set => set.SetProperty(queued => queued.AbandonedAt, now).SetProperty(queued => queued.LastError, "address replaced"), cancellationToken);
            }
        }
        if (mailsConfirmation)
        {
            // Double opt-in: this mail, and nothing else, goes to the address until its link is followed.
            db.Mails.Add(new OutgoingMail { UserName = userName, Address = email!, Kind = MailKinds.Confirmation, CreatedAt = now, DueAt = now });
        }
        // The keyword index that matching reads is rewritten with the subscription, in one transaction.
        await db.KeywordAlerts.Where(alert => alert.UserName == userName).ExecuteDeleteAsync(cancellationToken);
        db.KeywordAlerts.AddRange(keywords.Select(keyword => new KeywordAlert { Phrase = KeywordText.Phrase(keyword)!, UserName = userName, Keyword = keyword }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(SubscriptionResponse.From(subscription));
    }

    /// <summary>One confirmation mail per address per link lifetime: saving settings again must not mail someone over and over.</summary>
    private static Task<bool> ConfirmationMailedRecentlyAsync(NotificationDbContext db, string userName, string email, DateTimeOffset since, CancellationToken cancellationToken) =>
        db.Mails.AnyAsync(sent => sent.UserName == userName && sent.Kind == MailKinds.Confirmation && sent.Address.ToLower() == email.ToLower() && sent.CreatedAt > since, cancellationToken);

    private static Task<int> ConfirmationsSinceAsync(NotificationDbContext db, string userName, DateTimeOffset since, CancellationToken cancellationToken) =>
        db.Mails.CountAsync(sent => sent.UserName == userName && sent.Kind == MailKinds.Confirmation && sent.CreatedAt > since, cancellationToken);
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

/// <param name="EmailConfirmed">false until the link in the confirmation mail is followed: until then nothing is mailed.</param>
public sealed record SubscriptionResponse(string? Email, string Digest, IReadOnlyList<string> Keywords, bool EmailConfirmed)
{
    public static readonly SubscriptionResponse None = new(null, DigestFrequencies.Off, [], EmailConfirmed: false);

    public static SubscriptionResponse From(Subscription subscription) =>
        new(subscription.Email, subscription.Digest, subscription.Keywords, subscription.Email is not null && subscription.EmailConfirmedAt is not null);
}
