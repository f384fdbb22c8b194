using System.Text.Json;
using PapersPlatform.Ingestion.Apis;

namespace PapersPlatform.Ingestion.Import;

/// <summary>JSON Lines: one submission body per line, exactly what <c>POST /api/papers</c> takes.</summary>
public static class JsonLinesReader
{
    public static async Task<List<ImportItem>> ReadAsync(Stream body, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        var items = new List<ImportItem>();
        using var reader = new StreamReader(body);
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            try
            {
                var request = JsonSerializer.Deserialize<SubmitPaperRequest>(line, json);
                items.Add(request is null
                    ? new ImportItem(lineNumber, null, "The line is null, not a paper.")
                    : new ImportItem(lineNumber, request, null));
            }
            catch (JsonException exception)
            {
                items.Add(new ImportItem(lineNumber, null, $"Not valid JSON: {exception.Message}"));
            }
        }
        return items;
    }
}
