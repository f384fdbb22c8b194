using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PapersPlatform.Testing;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>Related papers through the gateway: found by meaning, on a model that runs inside the embeddings service.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RelatedPapersTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_papers_related_papers_are_on_its_topic_before_papers_on_another()
    {
        using var submitter = platform.CreateClient();
        await submitter.SignUpAndSignInAsync();
        var folding = await SubmitAsync(submitter, "Protein structure prediction with attention",
            "We predict the three-dimensional shape into which a chain of amino acids folds, from its sequence alone.");
        var foldingToo = await SubmitAsync(submitter, "Learning how peptide chains fold",
            "A neural network infers the native conformation of proteins and improves the accuracy of predicted structures.");
        var diffusion = await SubmitAsync(submitter, "Denoising diffusion for photorealistic image synthesis",
            "We generate high resolution pictures by learning to reverse a gradual noising process.");
        var diffusionToo = await SubmitAsync(submitter, "Score-based generative models of images",
            "Sampling photographs by following the gradient of the data density, estimated by a learned score network.");

        foreach (var paper in new[] { folding, foldingToo, diffusion, diffusionToo })
        {
            await RelatedAsync(paper, limit: 3); // each has its embedding
        }
        var related = await RelatedAsync(folding, limit: 3);
        var relatedToDiffusion = await RelatedAsync(diffusion, limit: 3);

        var items = related.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(foldingToo, items[0].GetProperty("arxivId").GetString());
        Assert.DoesNotContain(items, item => item.GetProperty("arxivId").GetString() == folding);
        Assert.True(items[0].GetProperty("similarity").GetDouble() > items[^1].GetProperty("similarity").GetDouble());
        Assert.Equal(diffusionToo, relatedToDiffusion.GetProperty("items")[0].GetProperty("arxivId").GetString());
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=51")]
    [InlineData("limit=many")]
    public async Task A_limit_outside_1_to_50_is_400_naming_it(string query)
    {
        using var client = platform.CreateClient();

        using var response = await client.Http.GetAsync($"/api/papers/2401.00001/related?{query}");

        await response.EnsureStatusAsync(HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("limit", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    public async Task A_limit_of_1_or_50_is_taken(int limit)
    {
        using var client = platform.CreateClient();

        // Past validation: the paper is unknown, so 404 and not 400.
        using var response = await client.Http.GetAsync($"/api/papers/2401.00001/related?limit={limit}");

        await response.EnsureStatusAsync(HttpStatusCode.NotFound);
    }

    /// <summary>The vector side of hybrid search, inside the platform (the gateway has no route to it): the catalogue calls it.</summary>
    [Theory]
    [InlineData(500, 1, HttpStatusCode.OK)]
    [InlineData(20, 200, HttpStatusCode.OK)]
    [InlineData(501, 10, HttpStatusCode.BadRequest)]
    [InlineData(20, 0, HttpStatusCode.BadRequest)]
    [InlineData(20, 201, HttpStatusCode.BadRequest)]
    [InlineData(0, 10, HttpStatusCode.BadRequest)]
    public async Task The_nearest_papers_to_a_text_take_up_to_500_characters_and_1_to_200_papers(int length, int limit, HttpStatusCode expected)
    {
        using var embeddings = new HttpClient { BaseAddress = platform.ServiceAddresses["embeddings"] };
        var text = string.Concat(Enumerable.Repeat("fold ", 120))[..length];

        using var response = await embeddings.GetAsync($"/api/nearest-papers?q={Uri.EscapeDataString(text)}&limit={limit}");

        await response.EnsureStatusAsync(expected);
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(length is 0 or 501 ? "\"q\"" : "\"limit\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var throughTheGateway = await platform.CreateClient().Http.GetAsync($"/api/nearest-papers?q=fold");
        Assert.Equal(HttpStatusCode.NotFound, throughTheGateway.StatusCode);
    }

    [Fact]
    public async Task An_unknown_paper_is_404()
    {
        using var client = platform.CreateClient();

        using var response = await client.Http.GetAsync("/api/papers/2401.99998/related");

        await response.EnsureStatusAsync(HttpStatusCode.NotFound);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task With_the_embeddings_service_down_related_papers_are_503_and_the_paper_page_still_answers()
    {
        using var submitter = platform.CreateClient();
        await submitter.SignUpAndSignInAsync();
        var arxivId = await submitter.SubmitAndWaitAsync();
        // A gateway whose embeddings cluster is one address where nothing listens.
        await using var gateway = await GatewayUnderTest.StartAsync(platform, "gateway-embeddings-down", new Dictionary<string, string>
        {
            ["ReverseProxy__Clusters__embeddings__Destinations__primary__Address"] = $"http://127.0.0.1:{FreePort.Next()}",
        }, waitForEveryService: false);
        using var reader = gateway.Client();

        // Refused connections first (502), then, once the health checks have ejected the one instance, 503.
        using var unavailable = await TestHelpers.EventuallyAsync(async () =>
        {
            var response = await reader.GetAsync($"/api/papers/{arxivId}/related");
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                return response;
            }
            response.Dispose();
            return null;
        }, "503 from the gateway");
        using var page = await reader.GetAsync($"/api/paper-pages/{arxivId}");

        Assert.Equal("application/problem+json", unavailable.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(unavailable.Headers.RetryAfter);
        await page.EnsureStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Papers_the_catalogue_had_before_the_embeddings_service_heard_of_them_are_backfilled_and_embedded()
    {
        using var submitter = platform.CreateClient();
        await submitter.SignUpAndSignInAsync();
        var arxivId = await submitter.SubmitAndWaitAsync("A paper from before the embeddings service");
        await AdminDatabase.WaitUntilEmbeddedAsync(arxivId);
        // As if the service had never heard of the paper, and had never run its backfill.
        await AdminDatabase.ExecuteAsync("DELETE FROM embeddings.papers WHERE arxiv_id = $1", arxivId);
        await AdminDatabase.ExecuteAsync("DELETE FROM embeddings.backfill");

        // A new instance finds no finished backfill, takes the lock and reads the catalogue.
        var (extra, address) = platform.StartExtraInstance("embeddings", "embeddings-2");
        await using var _ = extra;
        await TestHelpers.WaitForHealthAsync(address);

        await AdminDatabase.WaitUntilEmbeddedAsync(arxivId); // stored again by the backfill, and embedded
        var read = await TestHelpers.EventuallyAsync(async () =>
            await AdminDatabase.ScalarAsync<long?>("SELECT papers_read FROM embeddings.backfill WHERE completed_at IS NOT NULL"), "the backfill complete");
        Assert.True(read >= 1, $"the backfill read {read} papers");
        Assert.Equal(1, await AdminDatabase.ScalarAsync<long>("SELECT count(*) FROM embeddings.papers WHERE arxiv_id = $1", arxivId));
    }

    private static async Task<string> SubmitAsync(GatewayClient submitter, string title, string abstractText)
    {
        var arxivId = TestHelpers.UniqueArxivId();
        using var response = await submitter.SubmitPaperAsync(arxivId, title, abstractText);
        await response.EnsureStatusAsync(HttpStatusCode.Accepted);
        return arxivId;
    }

    /// <summary>Related papers once the paper and its neighbours have their embeddings.</summary>
    private async Task<JsonElement> RelatedAsync(string arxivId, int limit)
    {
        using var anonymous = platform.CreateClient();
        return await TestHelpers.EventuallyAsync(async () =>
        {
            var answer = await anonymous.Http.GetFromJsonAsync<JsonElement>($"/api/papers/{arxivId}/related?limit={limit}&fresh={Guid.NewGuid():N}");
            return answer.GetProperty("status").GetString() == "ready" && answer.GetProperty("items").GetArrayLength() == limit ? answer : (JsonElement?)null;
        }, $"related papers of {arxivId}", TimeSpan.FromSeconds(60));
    }
}
