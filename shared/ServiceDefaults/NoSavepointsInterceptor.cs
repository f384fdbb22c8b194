using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PapersPlatform.ServiceDefaults;

/// <summary>
/// Turns off EF Core's automatic savepoint around a SaveChanges inside an explicit transaction.
/// Nothing here recovers inside a transaction after a failed save (a failure rolls the whole
/// transaction back), so the savepoint only cost two round trips and a subtransaction per save:
/// a vote's pipeline saves five times (docs/performance.md).
/// </summary>
internal sealed class NoSavepointsInterceptor : SaveChangesInterceptor
{
    public static readonly NoSavepointsInterceptor Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        TurnOff(eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        TurnOff(eventData);
        return ValueTask.FromResult(result);
    }

    private static void TurnOff(DbContextEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            context.Database.AutoSavepointsEnabled = false;
        }
    }
}
