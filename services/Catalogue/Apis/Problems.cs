using Microsoft.AspNetCore.Http.HttpResults;

namespace PapersPlatform.Catalogue.Apis;

/// <summary>Problem answers the catalogue gives itself; 404s name what was not found.</summary>
internal static class Problems
{
    public static ProblemHttpResult PaperNotFound(string arxivId) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: $"No paper {arxivId} in the catalogue.",
        detail: "It was never submitted, or it was submitted moments ago and is not visible yet.");
}
