using PapersPlatform.Catalogue.Listings;

namespace PapersPlatform.Catalogue.Tests;

public sealed class ListingCursorTests
{
    [Fact]
    public void Encode_ThenDecode_GivesTheSamePosition()
    {
        var rank = 0.0759909f; // search ranks are float4: the cursor must carry them exactly
        var cursor = new ListingCursor(ListingSort.Relevance, rank, new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero).UtcTicks, "hep-th/9901001", DateTimeOffset.UnixEpoch.UtcTicks);

        Assert.True(ListingCursor.TryDecode(cursor.Encode(), ListingSort.Relevance, out var decoded));

        Assert.Equal(cursor, decoded);
        Assert.Equal(rank, (float)decoded!.Value);
    }

    [Fact]
    public void TryDecode_CursorOfAnotherSort_Fails()
    {
        var cursor = new ListingCursor(ListingSort.New, 0, DateTimeOffset.UnixEpoch.UtcTicks, "2405.00001").Encode();

        Assert.False(ListingCursor.TryDecode(cursor, ListingSort.Upvotes, out _));
    }

    [Theory]
    [InlineData("not base64 !")]
    [InlineData("bm90LWpzb24")] // "not-json"
    [InlineData("eyJTb3J0IjowfQ")] // {"Sort":0}: no arXiv id
    [InlineData("eyJTb3J0IjowLCJWYWx1ZSI6MCwiU3VibWl0dGVkQXRUaWNrcyI6LTEsIkFyeGl2SWQiOiJ4In0")] // ticks out of range
    public void TryDecode_Tampered_FailsWithoutThrowing(string text)
    {
        Assert.False(ListingCursor.TryDecode(text, ListingSort.Upvotes, out _));
    }

    [Fact]
    public void TryDecode_Nothing_MeansTheFirstPage()
    {
        Assert.True(ListingCursor.TryDecode(null, ListingSort.Upvotes, out var cursor));
        Assert.Null(cursor);
    }
}
