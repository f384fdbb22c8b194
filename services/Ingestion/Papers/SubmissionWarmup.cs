using PapersPlatform.Ingestion.Apis;
using PapersPlatform.Messaging;

namespace PapersPlatform.Ingestion.Papers;

/// <summary>
/// A single submission's path (the request turned into a submission, the daily quota, the
/// look-up of papers stored already, the insert with its outbox row) once at start-up, in the
/// transaction the warm-up rolls back, so that the first paper submitted after a start does not
/// pay for its query compilation (docs/performance.md, "Submit → visible").
/// </summary>
internal sealed class SubmissionWarmup(SubmissionStore store, TimeProvider clock) : IStartupWarmup
{
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        var sample = StartupWarmupPing.SamplePaper(clock);
        var request = new SubmitPaperRequest("2101.00001", sample.Title, sample.Abstract, sample.Authors, null, sample.PublishedAt, null, null);
        var submission = request.ToSubmission(sample.SubmittedBy, clock.GetUtcNow());
        await store.StoreInTransactionAsync([submission], new DailyQuota(sample.SubmittedBy, PerDay: 1), cancellationToken);
    }
}
