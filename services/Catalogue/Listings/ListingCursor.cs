using System.Buffers.Text;
using System.Text.Json;

namespace PapersPlatform.Catalogue.Listings;

/// <summary>
/// Where the next page starts: the sort keys of the last paper shown (a keyset). Unlike an offset,
/// it does not shift when papers are added or votes move papers around earlier in the list, so a
/// reader paging through never sees a paper twice because of what happened meanwhile.
/// </summary>
/// <param name="Value">The primary key of the order: upvotes, trending score or search rank.</param>
/// <param name="SubmittedAtTicks">The submission time in UTC ticks (the tie-breaker of upvote order and the key of newest-first).</param>
/// <param name="ArxivId">The final tie-breaker, unique.</param>
/// <param name="SnapshotTicks">For a search: when its first page was read (UTC ticks), so later pages rank the same candidates.</param>
public sealed record ListingCursor(ListingSort Sort, double Value, long SubmittedAtTicks, string ArxivId, long SnapshotTicks = 0)
{
    public DateTimeOffset SubmittedAt => new(SubmittedAtTicks, TimeSpan.Zero);

    public DateTimeOffset Snapshot => new(SnapshotTicks, TimeSpan.Zero);

    /// <summary>Opaque to clients: base64url of a small JSON document.</summary>
    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this));

    public static bool TryDecode(string? text, ListingSort expectedSort, out ListingCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        try
        {
            cursor = JsonSerializer.Deserialize<ListingCursor>(Base64Url.DecodeFromChars(text));
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return false;
        }
        // A cursor only means something for the order it was made in.
        return cursor is { ArxivId: not null }
            && cursor.Sort == expectedSort
            && IsTicks(cursor.SubmittedAtTicks) && IsTicks(cursor.SnapshotTicks);
    }

    private static bool IsTicks(long ticks) => ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks;
}
