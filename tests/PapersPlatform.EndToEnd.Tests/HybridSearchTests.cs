using System.Net;
using System.Text.Json;
using PapersPlatform.Testing;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>
/// Search by keyword and meaning together (the default), through the gateway: a paper comes up for
/// a paraphrase that shares no word with it, exclusions still hold, mode=keyword is the full-text
/// search alone, and without the embeddings service the answer is the keyword one, marked so.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class HybridSearchTests(PlatformFixture platform)
{
    /// <summary>No word of it, stemmed, is in the paper below.</summary>
    private const string Paraphrase = "how peptide chains fold";

    [Fact]
    public async Task A_paraphrase_that_shares_no_word_with_a_paper_finds_it_and_keyword_mode_does_not()
    {
        var paper = await SubmitEmbeddedPaperAsync();
        using var reader = platform.CreateClient();

        var hybrid = await TestHelpers.EventuallyAsync(async () =>
        {
            var page = await reader.GetJsonAsync($"/api/papers?q={Uri.EscapeDataString(Paraphrase)}&limit=100&fresh={Guid.NewGuid():N}");
            return page.GetProperty("searchMode").GetString() == "hybrid" && Ids(page).Contains(paper) ? page : (JsonElement?)null;
        }, "the paper in the hybrid results of a paraphrase");
        var keyword = await reader.GetJsonAsync($"/api/papers?q={Uri.EscapeDataString(Paraphrase)}&mode=keyword&limit=100");

        Assert.False(hybrid.TryGetProperty("meaningUnavailable", out _));
        Assert.Equal("keyword", keyword.GetProperty("searchMode").GetString());
        Assert.DoesNotContain(paper, Ids(keyword));
    }

    [Fact]
    public async Task An_exclusion_holds_for_papers_found_by_meaning()
    {
        var paper = await SubmitEmbeddedPaperAsync();
        using var reader = platform.CreateClient();
        await TestHelpers.EventuallyAsync(async () =>
        {
            var page = await reader.GetJsonAsync($"/api/papers?q={Uri.EscapeDataString(Paraphrase)}&limit=100&fresh={Guid.NewGuid():N}");
            return page.GetProperty("searchMode").GetString() == "hybrid" && Ids(page).Contains(paper) ? (bool?)true : null;
        }, "the paper found by meaning");

        // The paper's abstract says "transformers".
        var excluded = await TestHelpers.EventuallyAsync(async () =>
        {
            var page = await reader.GetJsonAsync($"/api/papers?q={Uri.EscapeDataString(Paraphrase + " -transformers")}&limit=100&fresh={Guid.NewGuid():N}");
            return page.GetProperty("searchMode").GetString() == "hybrid" ? page : (JsonElement?)null;
        }, "a hybrid answer with the exclusion");

        Assert.DoesNotContain(paper, Ids(excluded));
    }

    [Fact]
    public async Task Without_the_embeddings_service_a_search_answers_by_keyword_and_says_so()
    {
        using var submitter = platform.CreateClient();
        await submitter.SignUpAndSignInAsync();
        var word = TestHelpers.UniqueWord();
        var paper = await submitter.SubmitAndWaitAsync($"On {word}");
        // A catalogue whose embeddings service is an address where nothing listens, behind a gateway of its own.
        var (catalogue, catalogueAddress) = platform.StartExtraInstance("catalogue", "catalogue-no-embeddings", new Dictionary<string, string>
        {
            ["services__embeddings__http__0"] = $"http://127.0.0.1:{FreePort.Next()}",
        });
        await using var _ = catalogue;
        await TestHelpers.WaitForHealthAsync(catalogueAddress);
        await using var gateway = await GatewayUnderTest.StartAsync(platform, "gateway-no-embeddings", new Dictionary<string, string>
        {
            ["ReverseProxy__Clusters__catalogue__Destinations__primary__Address"] = catalogueAddress.ToString(),
        });
        using var reader = gateway.Client();

        using var response = await reader.GetAsync($"/api/papers?q={word}");

        await response.EnsureStatusAsync(HttpStatusCode.OK);
        var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("keyword", page.GetProperty("searchMode").GetString());
        Assert.True(page.GetProperty("meaningUnavailable").GetBoolean());
        Assert.Equal([paper], Ids(page));
    }

    /// <summary>A paper on protein structure, once the embeddings service has its vector.</summary>
    private async Task<string> SubmitEmbeddedPaperAsync()
    {
        using var submitter = platform.CreateClient();
        await submitter.SignUpAndSignInAsync();
        var paper = TestHelpers.UniqueArxivId();
        using (var response = await submitter.SubmitPaperAsync(paper, "Protein structure prediction with attention networks",
            "We infer the three-dimensional conformation of amino acid sequences using transformers."))
        {
            await response.EnsureStatusAsync(HttpStatusCode.Accepted);
        }
        await AdminDatabase.WaitUntilEmbeddedAsync(paper);
        await submitter.WaitForPaperAsync(paper);
        return paper;
    }

    private static string[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("arxivId").GetString()!)];
}
