using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace PapersPlatform.Catalogue.Apis;

/// <summary>The query string of <c>GET /api/papers</c>.</summary>
public sealed record ListPapersQuery(string? Date, string? Week, string? Month, string? Q, string? Sort, int? Limit, string? Cursor)
{
    public const int DefaultLimit = 30;
    public const int MaxLimit = 100;

    /// <summary>Opaque to clients; today the offset of the next page.</summary>
    public static string EncodeCursor(int offset) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"o:{offset.ToString(CultureInfo.InvariantCulture)}"));

    public static bool TryDecodeCursor(string? cursor, out int offset)
    {
        offset = 0;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith("o:", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
