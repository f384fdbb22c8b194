using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.Notification.Mail;

namespace PapersPlatform.Notification.Apis;

/// <summary>
/// The link in the confirmation mail (double opt-in), signed and expiring, needing no sign-in.
/// Opening it (GET) asks for a click, because mail scanners open links by themselves; the click
/// (POST) confirms the address, and only then do digests and alerts go to it.
/// </summary>
public static class ConfirmAddressApi
{
    private const string Path = "api/subscriptions/confirm";

    public static IEndpointRouteBuilder MapConfirmAddressApi(this IEndpointRouteBuilder app)
    {
        var confirm = app.MapGroup(Path).WithTags("Subscriptions").AllowAnonymous();
        confirm.MapGet("", Ask)
            .WithName("ConfirmAddressPage")
            .WithSummary("The page a confirmation link opens: one button that confirms the address.")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        confirm.MapPost("", ConfirmAsync)
            .WithName("ConfirmAddress")
            .WithSummary("Confirms the address in the signed token: digests and alerts may go to it from now on.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static Results<ContentHttpResult, ProblemHttpResult> Ask(string? token, MailLinkTokens tokens)
    {
        if (!tokens.TryRead(MailLinkPurposes.Confirm, token, out var userName, out var address))
        {
            return InvalidLink();
        }
        return MailLinkPages.Page("Confirm your address", $"""
            <p>Send the digests and alerts of <b>{WebUtility.HtmlEncode(userName)}</b> to <b>{WebUtility.HtmlEncode(address)}</b>?</p>
            <form method="post" action="/{Path}?token={WebUtility.UrlEncode(token)}"><button type="submit">Confirm</button></form>
            """);
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> ConfirmAsync(
        string? token, MailLinkTokens tokens, NotificationDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!tokens.TryRead(MailLinkPurposes.Confirm, token, out var userName, out var address))
        {
            return InvalidLink();
        }
        // Only while the subscription still names this address: a link to an old address confirms nothing new.
        var named = db.Subscriptions.Where(subscription => subscription.UserName == userName
            && subscription.Email != null && subscription.Email.ToLower() == address.ToLower());
        var now = clock.GetUtcNow();
        await named.Where(subscription => subscription.EmailConfirmedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(subscription => subscription.EmailConfirmedAt, now), cancellationToken);
        if (!await named.AnyAsync(cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This address is no longer in the account's settings.",
                detail: "Nothing was confirmed. Save the address again in your settings to get a new link.");
        }
        return MailLinkPages.Page("Confirm your address", $"<p>Confirmed: digests and alerts you asked for go to <b>{WebUtility.HtmlEncode(address)}</b> from now on.</p>");
    }

    private static ProblemHttpResult InvalidLink() => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest, title: "This confirmation link is not valid.",
        detail: "It may have expired (a link works for a limited time) or been cut short: save your address again in your settings to get a new one.");
}
