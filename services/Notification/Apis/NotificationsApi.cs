using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Linq.Expressions;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PapersPlatform.Notification.Infrastructure;
using PapersPlatform.Notification.Model;
using PapersPlatform.Notification.Notifications;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Notification.Apis;

public static class NotificationsApi
{
    private const int MaxPageSize = 100;
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var notifications = app.MapGroup("api/notifications").WithTags("Notifications").RequireAuthorization();
        notifications.MapGet("", ListAsync)
            .WithName("ListNotifications")
            .WithSummary("The caller's notifications, most recently changed first, a page at a time (nextCursor is the next page).")
            .ProducesValidationProblem();
        notifications.MapGet("stream", Stream)
            .WithName("StreamNotifications")
            .WithSummary("Server-sent events: one event per new or changed notification of the caller; Last-Event-ID replays what was missed.")
            .ProducesValidationProblem();
        notifications.MapPost("{id:guid}/read", MarkReadAsync)
            .WithName("MarkNotificationRead")
            .WithSummary("Marks one of the caller's notifications read.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>
    /// The caller's notifications, most recently changed first. A grouped notification that gained
    /// an event moves to the top; the cursor is the recipient's sequence, so paging never repeats one.
    /// </summary>
    public static async Task<Ok<NotificationPage>> ListAsync(
        ClaimsPrincipal user, NotificationDbContext db, CancellationToken cancellationToken,
        bool unread = false, [Range(1, MaxPageSize)] int limit = 50,
        // MinLength: the pattern alone lets an empty cursor through.
        [MinLength(1, ErrorMessage = "Must be the nextCursor of a previous page."),
         RegularExpression("^[0-9]{1,18}$", ErrorMessage = "Must be the nextCursor of a previous page.")] string? cursor = null)
    {
        var recipient = user.UserName();
        var mine = db.Notifications.AsNoTracking().Where(notification => notification.Recipient == recipient);
        var query = unread ? mine.Where(notification => !notification.Read) : mine;
        if (cursor is not null)
        {
            var before = long.Parse(cursor, CultureInfo.InvariantCulture);
            query = query.Where(notification => notification.Sequence < before);
        }
        var page = await query.OrderByDescending(notification => notification.Sequence).Take(limit + 1).Select(ToItem).ToListAsync(cancellationToken);
        var unreadCount = await mine.CountAsync(notification => !notification.Read, cancellationToken);
        var nextCursor = page.Count > limit ? page[limit - 1].Sequence.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new NotificationPage([.. page.Take(limit).Select(entry => entry.Item)], nextCursor, unreadCount));
    }

    /// <summary>
    /// Live notifications. Without <c>Last-Event-ID</c> it starts with what happens next; with it,
    /// it first replays every notification changed since that event. It is woken by any
    /// instance's writes (<see cref="NotificationChanges"/>), and sends a heartbeat when quiet so
    /// that proxies keep it open.
    /// </summary>
    public static ServerSentEventsResult<NotificationItem?> Stream(
        ClaimsPrincipal user, NotificationDbContext db, NotificationChanges changes, TimeProvider clock, CancellationToken cancellationToken,
        [FromHeader(Name = "Last-Event-ID"), RegularExpression("^[0-9]{0,18}$", ErrorMessage = "The Last-Event-ID header must be the id of an event from this stream.")]
        string? lastEventId = null)
    {
        long? lastSeen = string.IsNullOrEmpty(lastEventId) ? null : long.Parse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture);
        // The stream lasts as long as the token that opened it: a revoked or stolen token does not
        // keep listening for ever. The client reconnects with a fresh one.
        var expiresAt = long.TryParse(user.FindFirstValue("exp"), NumberStyles.None, CultureInfo.InvariantCulture, out var exp)
            ? DateTimeOffset.FromUnixTimeSeconds(exp)
            : DateTimeOffset.UtcNow;
        return TypedResults.ServerSentEvents(StreamAsync(user.UserName(), lastSeen, expiresAt, db, changes, clock, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<NotificationItem?>> StreamAsync(
        string recipient, long? lastSeen, DateTimeOffset expiresAt, NotificationDbContext db, NotificationChanges changes, TimeProvider clock,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var untilExpiry = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        untilExpiry.CancelAfter(Max(expiresAt - clock.GetUtcNow(), TimeSpan.Zero));
        // Watch before reading, so a change between the two still wakes the loop.
        using var watch = changes.WatchRecipient(recipient);
        var after = lastSeen ?? await db.Streams.Where(stream => stream.Recipient == recipient)
            .Select(stream => (long?)stream.LastSequence).SingleOrDefaultAsync(cancellationToken) ?? 0;
        yield return new SseItem<NotificationItem?>(null, "ready");
        while (!untilExpiry.IsCancellationRequested)
        {
            var changed = await db.Notifications.AsNoTracking()
                .Where(notification => notification.Recipient == recipient && notification.Sequence > after)
                .OrderBy(notification => notification.Sequence).Take(MaxPageSize).Select(ToItem).ToListAsync(cancellationToken);
            foreach (var (sequence, item) in changed)
            {
                after = sequence;
                yield return new SseItem<NotificationItem?>(item) { EventId = sequence.ToString(CultureInfo.InvariantCulture) };
            }
            if (changed.Count < MaxPageSize && await WaitAsync(watch, untilExpiry.Token) is false)
            {
                yield return new SseItem<NotificationItem?>(null, "heartbeat");
            }
        }
        if (!cancellationToken.IsCancellationRequested)
        {
            yield return new SseItem<NotificationItem?>(null, "expired");
        }
    }

    /// <returns>true when woken by a change, false after a quiet heartbeat interval, null when the token ran out.</returns>
    private static async Task<bool?> WaitAsync(NotificationChanges.Watch watch, CancellationToken untilExpiry)
    {
        try
        {
            return await watch.WaitAsync(Heartbeat, untilExpiry);
        }
        catch (OperationCanceledException) when (untilExpiry.IsCancellationRequested)
        {
            return null;
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

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

    private static readonly Expression<Func<UserNotification, SequencedItem>> ToItem = notification => new SequencedItem(
        notification.Sequence,
        new NotificationItem(notification.Id, notification.Kind, notification.ArxivId, notification.Title, notification.Message,
            notification.ChangedAt, notification.Read, notification.Count));

    private sealed record SequencedItem(long Sequence, NotificationItem Item);
}

public sealed record NotificationPage(IReadOnlyList<NotificationItem> Items, string? NextCursor, int UnreadCount);

/// <summary>One notification; <paramref name="Count"/> is how many events it groups (upvotes in one hour).</summary>
/// <param name="CreatedAt">When the notification last changed (the API's name, kept: a grouped notification is told anew with each vote).</param>
public sealed record NotificationItem(Guid Id, string Kind, string ArxivId, string Title, string Message, DateTimeOffset CreatedAt, bool Read, int Count);
