using System.Text.Json;
using System.Text.Json.Nodes;

namespace PapersPlatform.Testing.Fuzzing;

/// <summary>A path or query parameter of an operation, with the JSON type its schema names.</summary>
public sealed record ApiParameter(string Name, bool InPath, string Type);

/// <summary>A property of a JSON request body (<c>Type</c> "array" has an <c>ItemType</c>).</summary>
public sealed record BodyProperty(string Name, string Type, string? ItemType, bool Required);

/// <summary>One operation of the public API, as its OpenAPI document describes it.</summary>
public sealed record ApiOperation(string Document, HttpMethod Method, string PathTemplate, IReadOnlyList<ApiParameter> Parameters,
    IReadOnlyList<string> ContentTypes, IReadOnlyList<BodyProperty>? JsonBody)
{
    public string Name => $"{Method} {PathTemplate}";
}

/// <summary>Reads the operations to fuzz from the OpenAPI documents the gateway serves.</summary>
public static class ApiOperations
{
    /// <summary>The documents the gateway serves at /openapi/{name}.json: one per service.</summary>
    public static IReadOnlyList<string> Documents => TestEnvironment.Services;

    /// <summary>
    /// The gateway's own routes: it has no document of its own, so they are listed here (see
    /// gateway/Session and gateway/PaperPages).
    /// </summary>
    private static readonly ApiOperation[] GatewayOperations =
    [
        new("gateway", HttpMethod.Get, "/api/paper-pages/{arxivId}", [new("arxivId", InPath: true, "string")], [], null),
        new("gateway", HttpMethod.Get, "/api/session", [], [], null),
        new("gateway", HttpMethod.Post, "/api/session", [], ["application/json"],
            [new("username", "string", null, Required: true), new("password", "string", null, Required: true)]),
        new("gateway", HttpMethod.Delete, "/api/session", [], [], null),
    ];

    public static async Task<IReadOnlyList<ApiOperation>> LoadAsync(HttpClient gateway, CancellationToken cancellation = default)
    {
        var operations = new List<ApiOperation>(GatewayOperations);
        foreach (var document in Documents)
        {
            var text = await gateway.GetStringAsync($"/openapi/{document}.json", cancellation);
            operations.AddRange(Read(document, JsonNode.Parse(text)!.AsObject()));
        }
        return operations;
    }

    private static IEnumerable<ApiOperation> Read(string document, JsonObject openApi)
    {
        var schemas = openApi["components"]?["schemas"]?.AsObject();
        foreach (var (path, item) in openApi["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var parameters = (operation!["parameters"]?.AsArray() ?? [])
                    .Select(parameter => new ApiParameter(
                        parameter!["name"]!.GetValue<string>(),
                        parameter["in"]!.GetValue<string>() == "path",
                        TypeOf(parameter["schema"])))
                    .ToArray();
                var content = operation["requestBody"]?["content"]?.AsObject();
                var contentTypes = content?.Select(pair => pair.Key).ToArray() ?? [];
                var jsonBody = content?["application/json"]?["schema"] is { } schema ? Properties(Resolve(schema, schemas), schemas) : null;
                yield return new ApiOperation(document, new HttpMethod(method.ToUpperInvariant()), path, parameters, contentTypes, jsonBody);
            }
        }
    }

    private static BodyProperty[] Properties(JsonNode? schema, JsonObject? schemas)
    {
        var required = (schema?["required"]?.AsArray() ?? []).Select(name => name!.GetValue<string>()).ToHashSet();
        return [.. (schema?["properties"]?.AsObject() ?? []).Select(pair =>
        {
            var property = Resolve(pair.Value, schemas);
            var type = TypeOf(property);
            return new BodyProperty(pair.Key, type, type == "array" ? TypeOf(Resolve(property?["items"], schemas)) : null, required.Contains(pair.Key));
        })];
    }

    private static JsonNode? Resolve(JsonNode? schema, JsonObject? schemas) =>
        schema?["$ref"]?.GetValue<string>() is { } reference ? schemas?[reference.Split('/')[^1]] : schema;

    /// <summary>The schema's type: ["integer", "string"] (how .NET writes an int) is an integer; ["null", x] is x.</summary>
    private static string TypeOf(JsonNode? schema) => schema?["type"] switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray types => types.Select(type => type!.GetValue<string>()).FirstOrDefault(type => type != "null") ?? "string",
        _ => "object",
    };

    /// <summary>For a failure message: the operations as one line each.</summary>
    public static string Describe(IEnumerable<ApiOperation> operations) =>
        string.Join(Environment.NewLine, operations.Select(operation => $"{operation.Document}: {operation.Name}"));

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
