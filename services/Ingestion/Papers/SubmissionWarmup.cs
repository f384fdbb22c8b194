using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using PapersPlatform.Ingestion.Apis;
using PapersPlatform.Ingestion.Import;
using PapersPlatform.Messaging;

namespace PapersPlatform.Ingestion.Papers;

/// <summary>
/// A single submission's path once at start-up, so that the first paper submitted after a start
/// does not pay for it (docs/performance.md, "Submit → visible"): the request read from JSON and
/// its answer written with the API's own serializer options (which keep what they learn of a
/// type), its validation rules, then the daily quota, the look-up of papers stored already and the
/// insert with its outbox row, in the transaction the warm-up rolls back.
/// </summary>
internal sealed class SubmissionWarmup(SubmissionStore store, PaperImporter importer, IOptions<JsonOptions> json, TimeProvider clock) : IStartupWarmup
{
    /// <summary>A valid id in an archive arXiv does not have: no real paper's row is ever locked for it.</summary>
    private const string SampleArxivId = "warm-up/0001001";

    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        var sample = StartupWarmupPing.SamplePaper(clock);
        var serializer = json.Value.SerializerOptions;
        var request = JsonSerializer.Deserialize<SubmitPaperRequest>(
            JsonSerializer.SerializeToUtf8Bytes(new SubmitPaperRequest(SampleArxivId, sample.Title, sample.Abstract, sample.Authors, null, sample.PublishedAt, null, null), serializer),
            serializer)!;
        JsonSerializer.SerializeToUtf8Bytes(new SubmissionAccepted(request.ArxivId, "accepted"), serializer);
        if (await importer.ValidateAsync(request, cancellationToken) is { Count: > 0 } errors)
        {
            throw new InvalidOperationException($"The warm-up's sample submission is invalid: {string.Join("; ", errors.Keys)}");
        }
        var submission = request.ToSubmission(sample.SubmittedBy, clock.GetUtcNow());
        await store.StoreInTransactionAsync([submission], new DailyQuota(sample.SubmittedBy, PerDay: int.MaxValue), cancellationToken);
    }
}
