using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>Listings by period, organisation and submitter, in every order, paged by keyset cursors.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ListingTests(PlatformFixture platform)
{
    [Fact]
    public async Task ListByOrganizationAndSubmitter_ShowsExactlyTheirPapers()
    {
        using var client = platform.CreateClient();
        var submitter = await client.SignUpAndSignInAsync();
        var organization = $"Lab {TestHelpers.UniqueWord()}";
        var ours = await SubmitAsync(client, organization, 3);

        var byOrganization = await WaitForListingAsync(client, $"organization={Uri.EscapeDataString(organization)}", 3);
        var bySubmitter = await WaitForListingAsync(client, $"submittedBy={submitter}", 3);

        Assert.Equal(ours.Order(), byOrganization.Order());
        Assert.Equal(ours.Order(), bySubmitter.Order());
    }

    [Fact]
    public Task ListToday_NewestFirst_IncludesTodaysSubmissions() => TestHelpers.OnOneUtcDayAsync(async () =>
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();
        var organization = $"Lab {TestHelpers.UniqueWord()}";
        var ours = await SubmitAsync(client, organization, 2);
        var today = DateTime.UtcNow;
        await WaitForListingAsync(client, $"organization={Uri.EscapeDataString(organization)}", 2);

        foreach (var period in new[] { "date=today", $"date={today:yyyy-MM-dd}", $"week={System.Globalization.ISOWeek.GetYear(today)}-W{System.Globalization.ISOWeek.GetWeekOfYear(today):D2}", $"month={today:yyyy-MM}" })
        {
            var listed = await ListAsync(client, $"{period}&organization={Uri.EscapeDataString(organization)}&sort=new");
            Assert.Equal([ours[1], ours[0]], listed);
        }
        Assert.Empty(await ListAsync(client, $"date={today.AddDays(-1):yyyy-MM-dd}&organization={Uri.EscapeDataString(organization)}"));
    });

    [Fact]
    public async Task Cursor_WhileNewPapersAndVotesArrive_ShowsEveryOriginalPaperOnce()
    {
        using var submitter = platform.CreateClient();
        await submitter.SignUpAndSignInAsync();
        using var voter = platform.CreateClient();
        await voter.SignUpAndSignInAsync();
        var organization = $"Lab {TestHelpers.UniqueWord()}";
        var originals = await SubmitAsync(submitter, organization, 6);
        var total = originals.Count;
        await WaitForListingAsync(submitter, $"organization={Uri.EscapeDataString(organization)}", total);

        foreach (var sort in new[] { "new", "upvotes" })
        {
            var seen = new List<string>();
            var page = await submitter.GetJsonAsync($"/api/papers?organization={Uri.EscapeDataString(organization)}&sort={sort}&limit=2");
            seen.AddRange(TestHelpers.ArxivIds([.. page.GetProperty("items").EnumerateArray()]));
            // Meanwhile: two new papers arrive and a paper already shown gains a vote (moving it up).
            await SubmitAsync(submitter, organization, 2);
            total += 2;
            (await voter.Http.PostAsync($"/api/papers/{seen[^1]}/upvote", null)).Dispose();
            await WaitForListingAsync(submitter, $"organization={Uri.EscapeDataString(organization)}", total);
            while (page.GetProperty("nextCursor").GetString() is { } cursor)
            {
                page = await submitter.GetJsonAsync($"/api/papers?organization={Uri.EscapeDataString(organization)}&sort={sort}&limit=2&cursor={cursor}");
                seen.AddRange(TestHelpers.ArxivIds([.. page.GetProperty("items").EnumerateArray()]));
            }

            // No paper twice, and none of those there at the start skipped.
            Assert.Equal(seen.Count, seen.Distinct().Count());
            Assert.Subset(seen.ToHashSet(), originals.ToHashSet());
        }
    }

    [Fact]
    public async Task SortTrending_FollowsTheTrendingServicesScore()
    {
        using var submitter = platform.CreateClient();
        await submitter.SignUpAndSignInAsync();
        var organization = $"Lab {TestHelpers.UniqueWord()}";
        var papers = await SubmitAsync(submitter, organization, 3);
        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var voter = platform.CreateClient();
            await voter.SignUpAndSignInAsync();
            (await voter.Http.PostAsync($"/api/papers/{papers[0]}/upvote", null)).Dispose();
        }

        // The oldest paper, with two votes, overtakes the two newer ones once trending has rescored it.
        await TestHelpers.EventuallyAsync(async () =>
        {
            var listed = await ListAsync(submitter, $"organization={Uri.EscapeDataString(organization)}&sort=trending");
            return listed.Length == 3 && listed[0] == papers[0] ? listed : null;
        }, "the upvoted paper first in sort=trending");
    }

    [Theory]
    [InlineData("cursor=bm90LWEtY3Vyc29y", "cursor")]
    [InlineData("cursor=%25%25", "cursor")]
    [InlineData("date=2026-02-30", "date")]
    [InlineData("week=2026-W54", "week")]
    [InlineData("month=2026-13", "month")]
    [InlineData("date=2026-01-01&week=2026-W01", "date")]
    [InlineData("sort=best", "sort")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("minUpvotes=-1", "minUpvotes")]
    public async Task List_BadParameter_Is400NamingIt(string query, string field)
    {
        using var client = platform.CreateClient();
        using var response = await client.Http.GetAsync($"/api/papers?{query}");
        await response.EnsureStatusAsync(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}: {problem}");
    }

    [Fact]
    public async Task Cursor_FromAnotherSort_Is400()
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();
        var organization = $"Lab {TestHelpers.UniqueWord()}";
        await SubmitAsync(client, organization, 2);
        await WaitForListingAsync(client, $"organization={Uri.EscapeDataString(organization)}", 2);
        var page = await client.GetJsonAsync($"/api/papers?organization={Uri.EscapeDataString(organization)}&sort=new&limit=1");

        using var response = await client.Http.GetAsync($"/api/papers?organization={Uri.EscapeDataString(organization)}&sort=upvotes&cursor={page.GetProperty("nextCursor").GetString()}");

        await response.EnsureStatusAsync(HttpStatusCode.BadRequest);
    }

    internal static async Task<List<string>> SubmitAsync(GatewayClient client, string organization, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var arxivId = TestHelpers.UniqueArxivId();
            using var response = await client.SubmitPaperAsync(arxivId, $"Paper {i} of {organization}", organization: organization);
            await response.EnsureStatusAsync(HttpStatusCode.Accepted);
            ids.Add(arxivId);
        }
        return ids;
    }

    internal static async Task<string[]> ListAsync(GatewayClient client, string query) =>
        TestHelpers.ArxivIds([.. (await client.GetJsonAsync($"/api/papers?{query}&limit=100")).GetProperty("items").EnumerateArray()]);

    internal static Task<string[]> WaitForListingAsync(GatewayClient client, string query, int count) =>
        TestHelpers.EventuallyAsync(async () =>
        {
            var listed = await ListAsync(client, query);
            return listed.Length == count ? listed : null;
        }, $"{count} papers for {query}");
}
