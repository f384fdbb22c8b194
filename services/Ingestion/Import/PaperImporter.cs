using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Validation;
using Npgsql;
using PapersPlatform.Ingestion.Apis;
using PapersPlatform.Ingestion.Infrastructure;
using PapersPlatform.Ingestion.Model;
using PapersPlatform.Messaging.Outbox;

namespace PapersPlatform.Ingestion.Import;

/// <summary>
/// Stores a batch of papers the way <c>POST /api/papers</c> stores one: the same validation rules,
/// the same table, one <c>PaperPublished</c> each through the outbox, all in one transaction.
/// </summary>
public sealed class PaperImporter(IngestionDbContext db, TimeProvider clock, IOptions<ValidationOptions> validation, IServiceProvider services)
{
    /// <summary>Enough to fix a file; a million identical errors help nobody.</summary>
    public const int MaxReportedProblems = 100;

    private const int MaxAttempts = 3;

    public async Task<ImportReport> ImportAsync(IReadOnlyList<ImportItem> items, string importer, CancellationToken cancellationToken)
    {
        var problems = new List<ImportProblem>();
        var papers = new Dictionary<string, Submission>();
        int invalid = 0, repeated = 0;
        var now = clock.GetUtcNow();
        foreach (var item in items)
        {
            var errors = item.Request is null
                ? new Dictionary<string, string[]> { ["item"] = [item.ReadError!] }
                : await ValidateAsync(item.Request, cancellationToken);
            if (errors is { Count: > 0 })
            {
                invalid++;
                if (problems.Count < MaxReportedProblems)
                {
                    problems.Add(new ImportProblem(item.Number, item.Request?.ArxivId, errors));
                }
                continue;
            }
            var submission = item.Request!.ToSubmission(importer, now);
            if (!papers.TryAdd(submission.ArxivId, submission))
            {
                repeated++; // the same paper twice in one file: the first one counts
            }
        }

        var accepted = await StoreNewAsync([.. papers.Values], cancellationToken);
        return new ImportReport(items.Count, accepted, repeated + papers.Count - accepted, invalid, problems);
    }

    /// <summary>
    /// Inserts the papers not stored yet and their announcements, in one transaction with one
    /// binary COPY each instead of an INSERT per row. A paper submitted meanwhile by someone else
    /// fails the COPY, and the batch looks again. Papers go in in id order, so two imports (or two
    /// batches of one, sent in parallel) that share papers wait for each other instead of each
    /// holding a key the other needs; a deadlock all the same is retried like a duplicate.
    /// </summary>
    private async Task<int> StoreNewAsync(List<Submission> papers, CancellationToken cancellationToken)
    {
        var ids = papers.Select(paper => paper.ArxivId).ToList();
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var known = (await db.Submissions.Where(submission => ids.Contains(submission.ArxivId)).Select(submission => submission.ArxivId)
                .ToListAsync(cancellationToken)).ToHashSet();
            var fresh = papers.Where(paper => !known.Contains(paper.ArxivId)).OrderBy(paper => paper.ArxivId, StringComparer.Ordinal).ToList();
            try
            {
                await db.CopySubmissionsAsync(fresh, cancellationToken);
                await db.CopyOutboxMessagesAsync(fresh.Select(paper => paper.ToPublished()), clock, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return fresh.Count;
            }
            catch (PostgresException exception) when (attempt < MaxAttempts
                && exception.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DeadlockDetected)
            {
                await transaction.RollbackAsync(cancellationToken);
            }
        }
    }

    /// <summary>Runs the validation that guards <c>POST /api/papers</c> (the generated rules of <see cref="SubmitPaperRequest"/>).</summary>
    /// <remarks>
    /// .NET 10 marks calling these rules directly as "for evaluation" (ASP0029). Using them keeps one
    /// set of rules for both ways in; if the API changes, only this method does.
    /// </remarks>
#pragma warning disable ASP0029
    private async Task<Dictionary<string, string[]>?> ValidateAsync(SubmitPaperRequest request, CancellationToken cancellationToken)
    {
        if (!validation.Value.TryGetValidatableTypeInfo(typeof(SubmitPaperRequest), out var rules))
        {
            throw new InvalidOperationException("The validation rules of SubmitPaperRequest were not generated.");
        }
        var context = new ValidateContext
        {
            ValidationOptions = validation.Value,
            ValidationContext = new ValidationContext(request, services, items: null),
        };
        await rules.ValidateAsync(request, context, cancellationToken);
        return context.ValidationErrors;
    }
#pragma warning restore ASP0029
}
