using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Validation;
using PapersPlatform.Ingestion.Apis;
using PapersPlatform.Ingestion.Model;
using PapersPlatform.Ingestion.Papers;

namespace PapersPlatform.Ingestion.Import;

/// <summary>
/// Stores a batch of papers the way <c>POST /api/papers</c> stores one: the same validation rules,
/// then the same <see cref="SubmissionStore"/> (one <c>PaperPublished</c> each through the outbox,
/// all in one transaction).
/// </summary>
public sealed class PaperImporter(SubmissionStore store, TimeProvider clock, IOptions<ValidationOptions> validation, IServiceProvider services)
{
    /// <summary>Enough to fix a file; a million identical errors help nobody.</summary>
    public const int MaxReportedProblems = 100;

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

        var stored = (SubmissionOutcome.Stored)await store.StoreAsync(papers.Values, quota: null, cancellationToken);
        return new ImportReport(items.Count, stored.Added.Count, repeated + stored.AlreadyStored.Count, invalid, problems);
    }

    /// <summary>Runs the validation that guards <c>POST /api/papers</c> (the generated rules of <see cref="SubmitPaperRequest"/>).</summary>
    /// <remarks>
    /// .NET 10 marks calling these rules directly as "for evaluation" (ASP0029). Using them keeps one
    /// set of rules for both ways in; if the API changes, only this method does.
    /// </remarks>
#pragma warning disable ASP0029
    public async Task<Dictionary<string, string[]>?> ValidateAsync(SubmitPaperRequest request, CancellationToken cancellationToken)
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
