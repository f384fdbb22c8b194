using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>What people type arrives as they typed it, and nothing they type breaks a listing.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CatalogueInputTests(PlatformFixture platform)
{
    [Fact]
    public async Task SubmitPaper_AccentsCjkAndMath_AreKeptExactly()
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();
        var arxivId = TestHelpers.UniqueArxivId();
        const string title = "Ñandú Größe: 注意力机制 and ∀ε>0 ∃δ — naïve café";
        const string abstractText = "Ψ(x) = ∑ₙ cₙ φₙ(x); résumé in 日本語 and emoji 🧪.";

        using var submitted = await client.SubmitPaperAsync(arxivId, title, abstractText);
        await submitted.EnsureStatusAsync(HttpStatusCode.Accepted);

        var paper = await client.WaitForPaperAsync(arxivId);
        Assert.Equal(title, paper.GetProperty("title").GetString());
        Assert.Equal(abstractText, paper.GetProperty("abstract").GetString());
    }

    [Theory]
    [InlineData("\"unclosed phrase")]
    [InlineData("back\\slash")]
    [InlineData("'; DROP TABLE catalogue.papers; --")]
    [InlineData("-")]
    [InlineData("OR OR OR")]
    [InlineData("🧪🔬")]
    [InlineData("a & b | !c <-> d")]
    [InlineData(":*")]
    public async Task Search_AnyInput_AnswersWithAList(string query)
    {
        using var client = platform.CreateClient();

        using var response = await client.Http.GetAsync($"/api/papers?q={Uri.EscapeDataString(query)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Array, page.GetProperty("items").ValueKind);
    }
}
