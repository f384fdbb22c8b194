using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PapersPlatform.Embeddings.Similarity;

namespace PapersPlatform.Embeddings.Encoding;

/// <summary>
/// The /health entry that says how far behind embedding is. Degraded (still serving) until the
/// index has loaded what was stored before the start: related papers would miss those until then.
/// </summary>
public sealed class EmbeddingsHealthCheck(PaperIndex index, EmbeddingProgress progress, QueryEncoder queries, IOptions<EmbeddingOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["indexed"] = index.Count, ["waiting"] = progress.Waiting, ["backfillRead"] = progress.BackfillRead, ["backfillComplete"] = progress.BackfillComplete,
            ["searchModel"] = queries.Precision.ToString(),
        };
        var backfill = progress.BackfillComplete ? "backfill complete" : $"backfill: {progress.BackfillRead} papers read from the catalogue";
        var description = $"{index.Count} papers indexed, {progress.Waiting} waiting to be embedded; {backfill}";
        if (index.LargestRegionToMean is { } largest)
        {
            // Regions are trained once (docs/search.md): this shows when later papers crowd into a few.
            data["largestRegionToMean"] = Math.Round(largest, 2);
            description += $"; the fullest of {index.RegionCount} regions holds {largest:0.0}× the mean";
        }
        if (queries.Precision != options.Value.QueryModel)
        {
            description += "; searches by the full model: this processor's 8-bit products would be inexact (no VNNI)";
        }
        return Task.FromResult(index.IsLoaded
            ? HealthCheckResult.Healthy(description, data)
            : HealthCheckResult.Degraded($"loading the index: {description}", data: data));
    }
}
