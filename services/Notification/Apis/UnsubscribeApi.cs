using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.Notification.Mail;
using PapersPlatform.Notification.Model;

namespace PapersPlatform.Notification.Apis;

/// <summary>
/// The link at the foot of every mail, signed, needing no sign-in. Opening it (GET) asks for a
/// click, because mail scanners open links by themselves; the click, or a mail client's own
/// one-click request (RFC 8058, POST), stops all mail to that address.
/// </summary>
public static class UnsubscribeApi
{
    private const string Path = "api/subscriptions/unsubscribe";

    public static IEndpointRouteBuilder MapUnsubscribeApi(this IEndpointRouteBuilder app)
    {
        var unsubscribe = app.MapGroup(Path).WithTags("Subscriptions").AllowAnonymous();
        unsubscribe.MapGet("", Confirm)
            .WithName("UnsubscribePage")
            .WithSummary("The page an unsubscribe link opens: one button that stops all e-mail.")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        unsubscribe.MapPost("", UnsubscribeAsync)
            .WithName("Unsubscribe")
            .WithSummary("Stops all e-mail to the address in the signed token (one-click unsubscribe).")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    public static Results<ContentHttpResult, ProblemHttpResult> Confirm(string? token, MailLinkTokens tokens)
    {
        if (!tokens.TryRead(MailLinkPurposes.Unsubscribe, token, out _, out var address))
        {
            return InvalidLink();
        }
        return MailLinkPages.Page("Unsubscribe", $"""
            <p>Stop all e-mail from Papers Platform to <b>{WebUtility.HtmlEncode(address)}</b>?</p>
            <form method="post" action="/{Path}?token={WebUtility.UrlEncode(token)}"><button type="submit">Unsubscribe</button></form>
            """);
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> UnsubscribeAsync(
        string? token, MailLinkTokens tokens, NotificationDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!tokens.TryRead(MailLinkPurposes.Unsubscribe, token, out var userName, out var address))
        {
            return InvalidLink();
        }
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Only while the subscription still mails this address: a link from an old mail leaves a new address alone.
        var stopped = await db.Subscriptions
            .Where(subscription => subscription.UserName == userName && subscription.Email != null && subscription.Email.ToLower() == address.ToLower())
            .ExecuteUpdateAsync(set => set
                .SetProperty(subscription => subscription.Email, (string?)null)
                .SetProperty(subscription => subscription.EmailConfirmedAt, (DateTimeOffset?)null)
                .SetProperty(subscription => subscription.Digest, DigestFrequencies.Off)
                .SetProperty(subscription => subscription.UpdatedAt, now), cancellationToken);
        if (stopped > 0)
        {
            await db.Mails.Where(mail => mail.UserName == userName && mail.SentAt == null && mail.AbandonedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(mail => mail.AbandonedAt, now).SetProperty(mail => mail.LastError, "unsubscribed"), cancellationToken);
            await db.Notifications.Where(notification => notification.Recipient == userName && notification.MailPending)
                .ExecuteUpdateAsync(set => set.SetProperty(notification => notification.MailPending, false), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return MailLinkPages.Page("Unsubscribe", $"<p>Done: <b>{WebUtility.HtmlEncode(address)}</b> gets no more e-mail from Papers Platform. Keyword alerts still show in the app.</p>");
    }

    private static ProblemHttpResult InvalidLink() => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest, title: "This unsubscribe link is not valid.",
        detail: "Copy the whole link from a recent mail (links expire), or change your e-mail settings after signing in.");
}
