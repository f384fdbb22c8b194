using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace PapersPlatform.Catalogue.Listings;

/// <summary>
/// The vector side of hybrid search: the embeddings service's papers nearest to a text, within the
/// search's budget. Null when it did not answer in time or at all: the search then answers by
/// keyword, and says so.
/// </summary>
public sealed partial class NearestPapers(IHttpClientFactory http, IOptions<SearchOptions> options, ILogger<NearestPapers> logger)
{
    public const string ClientName = "embeddings";

    /// <returns>Paper ids, nearest first, at least <see cref="SearchOptions.MinSimilarity"/> similar; null when unavailable.</returns>
    public async Task<IReadOnlyList<string>?> FindAsync(string text, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(settings.VectorBudget);
        try
        {
            var answer = await http.CreateClient(ClientName).GetFromJsonAsync<Answer>(
                $"/api/nearest-papers?limit={settings.Candidates}&q={Uri.EscapeDataString(text)}", budget.Token);
            return [.. (answer?.Items ?? []).Where(item => item.Similarity >= settings.MinSimilarity).Select(item => item.ArxivId)];
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested
            && exception is HttpRequestException or OperationCanceledException or JsonException)
        {
            LogUnavailable(logger, exception.Message);
            return null;
        }
    }

    private sealed record Answer(IReadOnlyList<Item> Items);

    private sealed record Item(string ArxivId, double Similarity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Search by meaning did not answer in time ({Reason}); answering by keyword alone")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
