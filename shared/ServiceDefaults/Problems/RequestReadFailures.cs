using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace PapersPlatform.ServiceDefaults.Problems;

/// <summary>
/// What was wrong with a request ASP.NET Core could not read, in our words: its own messages name
/// .NET types and parser positions ("could not be converted to …SubmitPaperRequest. Path: $.email |
/// LineNumber: 0"), which tell an attacker about the code and a user nothing useful.
/// </summary>
internal static partial class RequestReadFailures
{
    public static string Explain(BadHttpRequestException failure) => failure switch
    {
        { StatusCode: StatusCodes.Status413PayloadTooLarge } => "The body is larger than this endpoint accepts.",
        { StatusCode: StatusCodes.Status415UnsupportedMediaType } => "The body must be JSON, sent with Content-Type: application/json.",
        { InnerException: JsonException { Path: { Length: > 1 } path } } =>
            $"The body is not valid JSON for this request at '{path.TrimStart('$', '.')}': that value is malformed, of the wrong type, or not UTF-8 text.",
        { InnerException: JsonException or InvalidOperationException } =>
            "The body is not valid JSON for this request: it must be one UTF-8 JSON object with the documented fields.",
        // "Required parameter \"SubmitPaperRequest request\" was not provided from body.": the body is empty.
        _ when failure.Message.EndsWith("from body.", StringComparison.Ordinal) => "The body is missing: send one JSON object with the documented fields.",
        _ when Parameter().Match(failure.Message) is { Success: true } match => match.Groups["required"].Success
            ? $"'{CamelCase(match.Groups["name"].Value)}' is required."
            : $"'{CamelCase(match.Groups["name"].Value)}' does not have a valid value.",
        _ => "The request could not be read.",
    };

    // "Failed to bind parameter \"int Limit\" from \"abc\"." and "Required parameter \"string q\" was not provided …".
    [GeneratedRegex("^(?:(?<required>Required)|Failed to bind) parameter \"(?:[^\" ]+ )?(?<name>[^\"]+)\"")]
    private static partial Regex Parameter();

    private static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
