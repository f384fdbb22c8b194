using System.Security.Claims;
using System.Xml;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PapersPlatform.Ingestion.Import;
using PapersPlatform.Ingestion.Papers;
using PapersPlatform.ServiceDefaults;

namespace PapersPlatform.Ingestion.Apis;

public static class ImportApi
{
    /// <summary>About 10,000 papers per request; the command-line client sends 1,000 at a time.</summary>
    public const int MaxBodyBytes = 24 * 1024 * 1024;

    private static readonly string[] JsonLines = ["application/x-ndjson", "application/jsonl", "application/jsonlines"];
    private static readonly string[] Atom = ["application/atom+xml", "application/xml", "text/xml"];

    public static IEndpointRouteBuilder MapImportApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("api/papers/import", ImportAsync)
            .WithName("ImportPapers")
            .WithTags("Submissions")
            .RequireAuthorization()
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .Accepts<string>(false, JsonLines[0], [.. JsonLines.Skip(1), .. Atom])
            .WithSummary("Bulk import (importer accounts only): a JSON Lines file of submission bodies, or an arXiv API Atom feed.")
            .WithDescription("Every item gets the validation of POST /api/papers; the answer counts accepted, duplicate and invalid items and explains the first 100 refusals.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    public static async Task<Results<Ok<ImportReport>, ProblemHttpResult>> ImportAsync(
        HttpRequest http, ClaimsPrincipal user, PaperImporter importer, IOptions<SubmissionLimits> limits, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken cancellationToken)
    {
        var userName = user.UserName();
        if (!limits.Value.IsImporter(userName))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not an importer.",
                detail: $"{userName} may submit papers one by one; bulk import is for the accounts listed in Submissions:Importers.");
        }

        var mediaType = MediaTypeHeaderValue.TryParse(http.ContentType, out var parsed) ? parsed.MediaType.Value?.ToLowerInvariant() : null;
        List<ImportItem> items;
        if (JsonLines.Contains(mediaType))
        {
            items = await JsonLinesReader.ReadAsync(http.Body, json.Value.SerializerOptions, cancellationToken);
        }
        else if (Atom.Contains(mediaType))
        {
            try
            {
                items = await ArxivAtomReader.ReadAsync(http.Body, cancellationToken);
            }
            catch (XmlException exception)
            {
                // Nothing is stored from a file that is not XML: the whole file is read before any of it is.
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The Atom file is not well-formed XML.", detail: exception.Message);
            }
        }
        else
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported import format.",
                detail: $"Send JSON Lines ({JsonLines[0]}) or an arXiv Atom feed ({Atom[0]}), not {http.ContentType ?? "no Content-Type"}.");
        }
        return TypedResults.Ok(await importer.ImportAsync(items, userName, cancellationToken));
    }
}
