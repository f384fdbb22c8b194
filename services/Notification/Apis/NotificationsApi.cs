using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Notification.Apis;

public static class NotificationsApi
{
    private const int PageSize = 50;

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var notifications = app.MapGroup("api/notifications").WithTags("Notifications").RequireAuthorization();
        notifications.MapGet("", ListAsync);
        notifications.MapPost("{id:guid}/read", MarkReadAsync);
        return app;
    }

    /// <summary>The caller's own notifications, newest first.</summary>
    public static async Task<Ok<NotificationList>> ListAsync(ClaimsPrincipal user, NotificationDbContext db, CancellationToken cancellationToken, bool unread = false)
    {
        var recipient = user.UserName();
        var query = db.Notifications.AsNoTracking().Where(notification => notification.Recipient == recipient);
        if (unread)
        {
            query = query.Where(notification => !notification.Read);
        }
        var items = await query
            .OrderByDescending(notification => notification.CreatedAt).ThenByDescending(notification => notification.Id)
            .Take(PageSize)
            .Select(notification => new NotificationItem(notification.Id, notification.Kind, notification.ArxivId, notification.Title,
                notification.Message, notification.CreatedAt, notification.Read))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new NotificationList(items));
    }

    /// <summary>Another user's notification answers 404, exactly like one that does not exist.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> MarkReadAsync(Guid id, ClaimsPrincipal user, NotificationDbContext db, CancellationToken cancellationToken)
    {
        var recipient = user.UserName();
        var updated = await db.Notifications
            .Where(notification => notification.Id == id && notification.Recipient == recipient)
            .ExecuteUpdateAsync(set => set.SetProperty(notification => notification.Read, true), cancellationToken);
        return updated == 0
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No notification {id}.")
            : TypedResults.NoContent();
    }
}

public sealed record NotificationList(IReadOnlyList<NotificationItem> Items);

public sealed record NotificationItem(Guid Id, string Kind, string ArxivId, string Title, string Message, DateTimeOffset CreatedAt, bool Read);
