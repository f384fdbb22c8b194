using System.Net;
using System.Text.Json;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>
/// Full-text search through the gateway (mode=keyword, the ranking these tests pin down):
/// weighted, ranked, with websearch syntax and safe highlights. Hybrid search: HybridSearchTests.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SearchTests(PlatformFixture platform)
{
    [Fact]
    public async Task Search_WordInTitle_RanksAboveSameWordInAbstract()
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();
        var word = TestHelpers.UniqueWord();
        var inAbstract = await SubmitAsync(client, "An unrelated headline", $"Our method relies on {word} throughout.");
        var inTitle = await SubmitAsync(client, $"Scaling {word} models", "Nothing else to see here.");

        var results = await SearchAsync(client, word, expected: 2);

        Assert.Equal([inTitle, inAbstract], TestHelpers.ArxivIds(results));
        Assert.Contains($"<mark>{word}</mark>", results[0].GetProperty("highlight").GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"<mark>{word}</mark>", results[1].GetProperty("highlight").GetProperty("abstract").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Search_AuthorName_FindsTheirPapers()
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();
        var surname = TestHelpers.UniqueWord();
        var arxivId = TestHelpers.UniqueArxivId();
        (await client.SubmitPaperAsync(arxivId, "Author search", authors: [$"Grace {surname}", "Alan Turing"])).Dispose();

        var results = await SearchAsync(client, $"grace {surname}", expected: 1);

        Assert.Equal([arxivId], TestHelpers.ArxivIds(results));
    }

    [Fact]
    public async Task Search_PhrasesExclusionsAndOr_WorkAsTyped()
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();
        var word = TestHelpers.UniqueWord();
        var ordered = await SubmitAsync(client, $"{word} quantum annealing", "First.");
        var reversed = await SubmitAsync(client, $"annealing of {word} quantum states", "Second, mentions graphene.");
        var other = TestHelpers.UniqueWord();
        var either = await SubmitAsync(client, $"{other} alone", "Third.");
        await SearchAsync(client, $"{word} OR {other}", expected: 3);

        Assert.Equal([ordered], TestHelpers.ArxivIds(await SearchAsync(client, $"\"{word} quantum annealing\"", expected: 1)));
        Assert.Equal([ordered], TestHelpers.ArxivIds(await SearchAsync(client, $"{word} -graphene", expected: 1)));
        Assert.Equal(new[] { ordered, reversed, either }.Order(), TestHelpers.ArxivIds(await SearchAsync(client, $"{word} OR {other}", expected: 3)).Order());
    }

    [Fact]
    public async Task Search_Highlight_EscapesMarkupFromThePaper()
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();
        var word = TestHelpers.UniqueWord();
        await SubmitAsync(client, $"<script>alert(1)</script> {word} & more", $"Whether x < y for {word}.");

        var results = await SearchAsync(client, word, expected: 1);

        // ts_headline drops what looks like a tag; whatever text is left is escaped.
        var title = results[0].GetProperty("highlight").GetProperty("title").GetString()!;
        Assert.DoesNotContain("<script>", title, StringComparison.Ordinal);
        Assert.True(title.Contains("&amp; more", StringComparison.Ordinal), title);
        var abstractText = results[0].GetProperty("highlight").GetProperty("abstract").GetString()!;
        Assert.True(abstractText.Contains("x &lt; y", StringComparison.Ordinal), abstractText);
        Assert.Contains($"<mark>{word}</mark>", title, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Search_PagedWithCursor_ReturnsEveryMatchOnceInRankOrder()
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();
        var word = TestHelpers.UniqueWord();
        for (var i = 0; i < 5; i++)
        {
            // Different weights: title, abstract, or both, so ranks differ and tie.
            await SubmitAsync(client, i % 2 == 0 ? $"{word} study {i}" : $"Study {i}", $"About {word}.");
        }
        await SearchAsync(client, word, expected: 5);

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetJsonAsync($"/api/papers?q={word}&mode=keyword&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(TestHelpers.ArxivIds([.. page.GetProperty("items").EnumerateArray()]));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(5, seen.Count);
        Assert.Equal(5, seen.Distinct().Count());
    }

    [Fact]
    public async Task Search_OverLongQuery_Is400NamingQ()
    {
        using var client = platform.CreateClient();
        using var response = await client.Http.GetAsync($"/api/papers?q={new string('a', 600)}");
        await response.EnsureStatusAsync(HttpStatusCode.BadRequest);
        var problem = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<JsonElement>(response.Content);
        Assert.True(problem.GetProperty("errors").TryGetProperty("q", out _));
    }

    private static async Task<string> SubmitAsync(GatewayClient client, string title, string abstractText)
    {
        var arxivId = TestHelpers.UniqueArxivId();
        using var response = await client.SubmitPaperAsync(arxivId, title, abstractText);
        await response.EnsureStatusAsync(HttpStatusCode.Accepted);
        return arxivId;
    }

    /// <summary>Searches until the catalogue has consumed the expected number of matches.</summary>
    private static Task<JsonElement[]> SearchAsync(GatewayClient client, string query, int expected) =>
        TestHelpers.EventuallyAsync(async () =>
        {
            var page = await client.GetJsonAsync($"/api/papers?q={Uri.EscapeDataString(query)}&mode=keyword");
            var items = page.GetProperty("items").EnumerateArray().ToArray();
            return items.Length == expected ? items : null;
        }, $"{expected} results for {query}");
}
