using System.ComponentModel.DataAnnotations;
using PapersPlatform.Embeddings.Encoding;
using PapersPlatform.Embeddings.Similarity;
using PapersPlatform.ServiceDefaults.Validation;

namespace PapersPlatform.Embeddings.Apis;

/// <summary>
/// The papers nearest in meaning to a text: the vector side of the catalogue's hybrid search.
/// Inside the platform only (the gateway has no route to it); the catalogue merges it with its
/// keyword ranking.
/// </summary>
public static class NearestPapersApi
{
    public static IEndpointRouteBuilder MapNearestPapersApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("api/nearest-papers", GetAsync)
            .WithTags("Related papers")
            .AllowAnonymous()
            .WithName("GetNearestPapers")
            .WithSummary("The papers nearest in meaning to a text (the catalogue's hybrid search asks this), best first.")
            .ProducesValidationProblem();
        return app;
    }

    /// <param name="q">The text, as a reader typed it (search syntax already taken out).</param>
    /// <param name="limit">How many papers, 1 to 200.</param>
    public static async Task<NearestPapersResponse> GetAsync(
        [Required, PlainText, StringLength(500)] string q, QueryEncoder encoder, PaperIndex index, CancellationToken cancellationToken,
        [Range(1, 200)] int limit = 100)
    {
        var vector = await encoder.EncodeAsync(q, cancellationToken);
        return new NearestPapersResponse([.. index.Nearest(vector, limit).Select(neighbour => new NearestPaper(neighbour.ArxivId, Math.Round(neighbour.Similarity, 4)))]);
    }
}

public sealed record NearestPapersResponse(IReadOnlyList<NearestPaper> Items);

public sealed record NearestPaper(string ArxivId, double Similarity);
