using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PapersPlatform.Catalogue.Listings;
using PapersPlatform.Testing;

namespace PapersPlatform.Benchmarks;

/// <summary>
/// How well each kind of search finds what it should (<see cref="RelevanceSet"/>): nDCG@10 and
/// recall@10 of keyword search, search by meaning alone, and hybrid search, for searches in the
/// papers' own words and for paraphrases. Through the gateway, except the vector side alone,
/// which only the catalogue asks for (the embeddings service's /api/nearest-papers).
/// </summary>
internal static class RelevanceBenchmark
{
    public static async Task<string> RunAsync(PlatformFixture platform)
    {
        var papers = RelevanceSet.Papers().ToList();
        using var importer = new GatewayClient(platform.GatewayAddress);
        await importer.SignInAsImporterAsync();
        var lines = string.Join('\n', papers.Select(paper => JsonSerializer.Serialize(new
        {
            arxivId = paper.ArxivId,
            title = paper.Title,
            @abstract = paper.Abstract,
            authors = new[] { "Ada Lovelace" },
            publishedAt = "2026-11-01T00:00:00Z",
        })));
        using (var imported = await importer.Http.PostAsync("/api/papers/import", new StringContent(lines, Encoding.UTF8, "application/x-ndjson")))
        {
            await imported.EnsureStatusAsync(System.Net.HttpStatusCode.OK);
        }
        await TestHelpers.EventuallyAsync(async () => await AdminDatabase.ScalarAsync<long>(
                "SELECT count(*) FROM embeddings.papers WHERE arxiv_id LIKE '2611.5%' AND embedded_at IS NOT NULL") == papers.Count ? (bool?)true : null,
            $"{papers.Count} papers embedded", TimeSpan.FromMinutes(5));
        await TestHelpers.EventuallyAsync(async () => await AdminDatabase.ScalarAsync<long>(
                "SELECT count(*) FROM catalogue.papers WHERE arxiv_id LIKE '2611.5%'") == papers.Count ? (bool?)true : null,
            $"{papers.Count} papers in the catalogue", TimeSpan.FromMinutes(1));
        await Task.Delay(TimeSpan.FromSeconds(2)); // every embeddings instance's index has taken them in

        using var gateway = new HttpClient { BaseAddress = platform.GatewayAddress };
        using var embeddings = new HttpClient { BaseAddress = platform.ServiceAddresses["embeddings"] };
        var kinds = new (string Name, Func<string, Task<IReadOnlyList<string>>> Search)[]
        {
            ("keyword (mode=keyword)", query => IdsAsync(gateway, $"/api/papers?q={Uri.EscapeDataString(query)}&mode=keyword&limit=10")),
            ("meaning alone", query => IdsAsync(embeddings, $"/api/nearest-papers?q={Uri.EscapeDataString(query)}&limit=10")),
            ("hybrid (the default)", query => HybridIdsAsync(gateway, query)),
        };
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"### Relevance: {RelevanceSet.Topics.Length} topics × {RelevanceSet.PapersPerTopic} papers, a search in the papers' words and a paraphrase per topic");
        table.AppendLine();
        table.AppendLine("| search | nDCG@10, own words | recall@10, own words | nDCG@10, paraphrase | recall@10, paraphrase |");
        table.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (name, search) in kinds)
        {
            var (words, paraphrases) = (new List<(double Ndcg, double Recall)>(), new List<(double Ndcg, double Recall)>());
            foreach (var topic in RelevanceSet.Topics)
            {
                var relevant = papers.Where(paper => paper.Topic == topic.Name).Select(paper => paper.ArxivId).ToHashSet();
                var byWords = await search(topic.Words);
                var byParaphrase = await search(topic.Paraphrase);
                words.Add((RelevanceSet.NdcgAt10(byWords, relevant), RelevanceSet.RecallAt10(byWords, relevant)));
                paraphrases.Add((RelevanceSet.NdcgAt10(byParaphrase, relevant), RelevanceSet.RecallAt10(byParaphrase, relevant)));
            }
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {words.Average(score => score.Ndcg):N3} | {words.Average(score => score.Recall):N3} | {paraphrases.Average(score => score.Ndcg):N3} | {paraphrases.Average(score => score.Recall):N3} |"));
            Console.WriteLine(table.ToString().Split('\n')[^2]);
        }
        table.AppendLine();
        table.AppendLine(await FusionChoicesAsync(gateway, embeddings, papers));
        return table.ToString();
    }

    /// <summary>
    /// Hybrid search's two settings weighed on the set: the fusion constant k and the similarity a
    /// paper found by meaning needs to be shown. Each search's two rankings (100 by keyword, 100 by
    /// meaning with their similarities) are asked for once and fused here by the catalogue's own
    /// <see cref="HybridRanking.Fuse"/> with each choice.
    /// </summary>
    private static async Task<string> FusionChoicesAsync(HttpClient gateway, HttpClient embeddings, List<RelevanceSet.Paper> papers)
    {
        var searches = new List<(bool Paraphrase, HashSet<string> Relevant, IReadOnlyList<string> Keyword, List<(string ArxivId, double Similarity)> Meaning)>();
        foreach (var topic in RelevanceSet.Topics)
        {
            var relevant = papers.Where(paper => paper.Topic == topic.Name).Select(paper => paper.ArxivId).ToHashSet();
            foreach (var (query, paraphrase) in new[] { (topic.Words, false), (topic.Paraphrase, true) })
            {
                var keyword = await IdsAsync(gateway, $"/api/papers?q={Uri.EscapeDataString(query)}&mode=keyword&limit=100");
                var meaning = await embeddings.GetFromJsonAsync<JsonElement>($"/api/nearest-papers?q={Uri.EscapeDataString(query)}&limit=100");
                searches.Add((paraphrase, relevant, keyword,
                    [.. meaning.GetProperty("items").EnumerateArray().Select(item => (item.GetProperty("arxivId").GetString()!, item.GetProperty("similarity").GetDouble()))]));
            }
        }
        var table = new StringBuilder();
        table.AppendLine("### Hybrid search's settings weighed: nDCG@10, own words / paraphrase");
        table.AppendLine();
        var floors = new[] { 0.0, 0.2, 0.3, 0.4, 0.5 };
        table.AppendLine($"| fusion constant k | {string.Join(" | ", floors.Select(floor => string.Create(CultureInfo.InvariantCulture, $"similarity ≥ {floor:N1}")))} |");
        table.AppendLine($"|---:|{string.Concat(floors.Select(_ => "---:|"))}");
        foreach (var k in new[] { 5, 20, 60, 120 })
        {
            var cells = floors.Select(floor =>
            {
                double Ndcg(bool paraphrase) => searches.Where(search => search.Paraphrase == paraphrase).Average(search =>
                {
                    var fused = HybridRanking.Fuse(k, search.Keyword, [.. search.Meaning.Where(found => found.Similarity >= floor).Select(found => found.ArxivId)]);
                    var ranked = fused.OrderByDescending(paper => paper.Value).ThenBy(paper => paper.Key, StringComparer.Ordinal).Take(10).Select(paper => paper.Key).ToList();
                    return RelevanceSet.NdcgAt10(ranked, search.Relevant);
                });
                return string.Create(CultureInfo.InvariantCulture, $"{Ndcg(false):N3} / {Ndcg(true):N3}");
            });
            table.AppendLine($"| {k} | {string.Join(" | ", cells)} |");
            Console.WriteLine(table.ToString().Split('\n')[^2]);
        }
        return table.ToString();
    }

    private static async Task<IReadOnlyList<string>> IdsAsync(HttpClient http, string path)
    {
        var page = await http.GetFromJsonAsync<JsonElement>(path);
        return [.. page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("arxivId").GetString()!)];
    }

    /// <summary>A hybrid answer: one that fell back to keyword (the vector side late) is asked again.</summary>
    private static async Task<IReadOnlyList<string>> HybridIdsAsync(HttpClient gateway, string query)
    {
        for (var attempt = 0; ; attempt++)
        {
            var page = await gateway.GetFromJsonAsync<JsonElement>($"/api/papers?q={Uri.EscapeDataString(query)}&limit=10&attempt={attempt}");
            if (page.GetProperty("searchMode").GetString() == "hybrid" || attempt == 5)
            {
                return [.. page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("arxivId").GetString()!)];
            }
        }
    }
}
