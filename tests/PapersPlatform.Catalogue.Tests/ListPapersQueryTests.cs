using PapersPlatform.Catalogue.Apis;
using PapersPlatform.Catalogue.Listings;

namespace PapersPlatform.Catalogue.Tests;

public sealed class ListPapersQueryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 15, 30, 0, TimeSpan.Zero);

    private static ListPapersQuery Query(string? date = null, string? q = null, string? sort = null, int? limit = null, string? mode = null) =>
        new(date, null, null, q, null, null, null, sort, limit, null, mode);

    [Fact]
    public void TryValidate_NoParameters_ListsEverythingByUpvotes()
    {
        Assert.True(Query().TryValidate(Now, out var request, out _));
        Assert.Equal(ListingSort.Upvotes, request.Sort);
        Assert.Equal(ListPapersQuery.DefaultLimit, request.Limit);
        Assert.Null(request.Period);
    }

    [Fact]
    public void TryValidate_Search_DefaultsToHybridRelevance_AndModeKeywordToTheFullTextRankAlone()
    {
        Assert.True(Query(q: "  attention  ").TryValidate(Now, out var request, out _));
        Assert.Equal(ListingSort.Hybrid, request.Sort);
        Assert.Equal("attention", request.Search);
        Assert.True(Query(q: "attention", sort: "relevance").TryValidate(Now, out var explicitRelevance, out _));
        Assert.Equal(ListingSort.Hybrid, explicitRelevance.Sort);
        Assert.True(Query(q: "attention", mode: "keyword").TryValidate(Now, out var keyword, out _));
        Assert.Equal(ListingSort.Relevance, keyword.Sort);
        Assert.True(Query(q: "attention", sort: "new", mode: "hybrid").TryValidate(Now, out var newest, out _));
        Assert.Equal(ListingSort.New, newest.Sort);
    }

    [Fact]
    public void TryValidate_UnknownMode_NamesMode()
    {
        Assert.False(Query(q: "attention", mode: "vector").TryValidate(Now, out _, out var errors));
        Assert.Equal(["mode"], errors.Keys);
    }

    [Fact]
    public void TryValidate_Today_IsTheCurrentUtcDay()
    {
        Assert.True(Query(date: "today").TryValidate(Now, out var request, out _));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero), request.Period!.From);
    }

    [Theory]
    [InlineData("relevance", "sort")] // only with a search
    [InlineData("hot", "sort")]
    public void TryValidate_UnknownSort_NamesSort(string sort, string field)
    {
        Assert.False(Query(sort: sort).TryValidate(Now, out _, out var errors));
        Assert.Contains(field, errors.Keys);
    }

    [Fact]
    public void TryValidate_BlankSearch_IsNoSearch()
    {
        Assert.True(Query(q: "   ").TryValidate(Now, out var request, out _));
        Assert.Null(request.Search);
    }
}
