using System.Text;
using System.Text.Json.Nodes;

namespace PapersPlatform.Testing.Fuzzing;

/// <summary>One generated request: what it is built from, and the bytes that go on the wire.</summary>
public sealed record FuzzCase(ApiOperation Operation, string Identity, string Mutation, string Url,
    IReadOnlyList<KeyValuePair<string, string>> Headers, byte[]? Body, string? ContentType)
{
    public override string ToString() =>
        $"{Operation.Method} {HostileRequests.Shorten(Url, 160)} as {Identity} ({Mutation}){(Body is null ? "" : $", {Body.Length} bytes of {ContentType ?? "no content type"}")}";
}

/// <summary>
/// Turns an operation into a hostile request: every path segment, query value, body and header a
/// parser could choke on. Bodies start from a plausible one (so that the mutated field is the
/// reason for the answer) and change one thing.
/// </summary>
public sealed class HostileRequests(FuzzIdentities identities, IReadOnlyList<BodyProperty> paperFields)
{
    private static readonly string[] WrongContentTypes =
    [
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "application/json; charset=utf-16",
        "application/json; charset=nonsense", "application/xml", "*/*", "application/json, text/html", "application/vnd.evil+json",
    ];

    private static readonly (string Name, Func<string> Value)[] OddHeaders =
    [
        ("X-Forwarded-For", () => "203.0.113.9, 10.0.0.1"), ("X-Forwarded-Host", () => "evil.example"), ("X-Forwarded-Proto", () => "gopher"),
        ("Accept", () => "application/xml"), ("Accept-Language", () => "٢"), ("Content-Encoding", () => "gzip"), ("Range", () => "bytes=5-1"),
        ("If-None-Match", () => "*"), ("Origin", () => "https://evil.example"), ("Cookie", () => "__Host-session=garbage; session=%00"),
        ("Cookie", () => "__Host-session=" + new string('a', 7_000)), ("X-HTTP-Method-Override", () => "DELETE"), ("Referer", () => "javascript:alert(1)"),
    ];

    private const string SignOutEverywhere = "POST /api/accounts/me/sign-out-everywhere";

    public FuzzCase Create(ApiOperation operation, Random random)
    {
        // Signing out everywhere with a real token would end that identity for the rest of the run.
        var (identity, authorization) = operation.Name == SignOutEverywhere ? identities.PickInvalid(random) : identities.Pick(random);
        var mutations = new List<string>();
        var url = new StringBuilder(Path(operation, random, mutations)).Append(Query(operation, random, mutations)).ToString();
        var headers = new List<KeyValuePair<string, string>>();
        if (authorization is not null)
        {
            headers.Add(new("Authorization", authorization));
        }
        if (random.NextDouble() < 0.15)
        {
            var (name, value) = random.Pick(OddHeaders);
            headers.Add(new(name, value()));
            mutations.Add($"header {name}");
        }
        var (body, contentType) = Body(operation, random, mutations);
        return new FuzzCase(operation, identity, string.Join("; ", mutations), url, headers, body, contentType);
    }

    private static string Path(ApiOperation operation, Random random, List<string> mutations)
    {
        var path = operation.PathTemplate;
        foreach (var parameter in operation.Parameters.Where(parameter => parameter.InPath))
        {
            var roll = random.NextDouble();
            string value;
            if (roll < 0.5)
            {
                var hostile = random.Pick(HostileValues.Strings);
                value = HostileValues.Encode(hostile);
                mutations.Add($"path {parameter.Name} = {Shorten(hostile)}");
            }
            else if (roll < 0.7)
            {
                value = random.Pick(HostileValues.BrokenPercentEncodings);
                mutations.Add($"path {parameter.Name} = {value}");
            }
            else
            {
                value = Plausible(parameter.Name, random);
            }
            path = path.Replace($"{{{parameter.Name}}}", value, StringComparison.Ordinal);
        }
        return path;
    }

    private static string Query(ApiOperation operation, Random random, List<string> mutations)
    {
        var pairs = new List<string>();
        foreach (var parameter in operation.Parameters.Where(parameter => !parameter.InPath))
        {
            if (random.NextDouble() >= 0.5)
            {
                continue;
            }
            var roll = random.NextDouble();
            var value = roll < 0.7 ? HostileValues.Encode(random.Pick(HostileValues.Strings))
                : roll < 0.85 ? random.Pick(HostileValues.BrokenPercentEncodings)
                : parameter.Type switch { "integer" => "5", "boolean" => "true", _ => "flow" };
            pairs.Add($"{parameter.Name}={value}");
            mutations.Add($"query {parameter.Name} = {Shorten(Uri.UnescapeDataString(value))}");
            if (random.NextDouble() < 0.1)
            {
                pairs.Add($"{parameter.Name}={HostileValues.Encode(random.Pick(HostileValues.Strings))}");
                mutations.Add($"query {parameter.Name} twice");
            }
        }
        if (random.NextDouble() < 0.05)
        {
            pairs.Add($"{HostileValues.Encode(random.Pick(HostileValues.Strings))}=1");
            mutations.Add("unknown query key");
        }
        return pairs.Count == 0 ? "" : "?" + string.Join('&', pairs);
    }

    private (byte[]? Body, string? ContentType) Body(ApiOperation operation, Random random, List<string> mutations)
    {
        if (operation.ContentTypes.Count == 0)
        {
            // A body where none is expected, now and then.
            if (random.NextDouble() < 0.1)
            {
                mutations.Add("unexpected body");
                return (Encoding.UTF8.GetBytes("{\"arxivId\":\"2401.00001\"}"), "application/json");
            }
            return (null, null);
        }
        var contentType = random.NextDouble() < 0.8 ? random.Pick(operation.ContentTypes) : random.Pick(WrongContentTypes);
        if (random.NextDouble() < 0.05)
        {
            mutations.Add("no content type");
            contentType = null;
        }
        byte[] body;
        if (operation.JsonBody is { } fields)
        {
            body = JsonBodies.Mutate(fields, random, mutations);
        }
        else if (contentType is not null && contentType.Contains("json", StringComparison.Ordinal))
        {
            // The import's NDJSON: a few papers, each mutated, and a junk line now and then.
            var lines = Enumerable.Range(0, random.Next(1, 5)).Select(_ => JsonBodies.Mutate(paperFields, random, mutations, singleLine: true)).ToList();
            if (random.NextDouble() < 0.3)
            {
                lines.Add(Encoding.UTF8.GetBytes(random.Pick(HostileValues.Strings)));
                mutations.Add("junk line");
            }
            body = [.. lines.SelectMany(line => line.Append((byte)'\n'))];
        }
        else
        {
            body = XmlBodies.Mutate(random, mutations);
        }
        return (body, contentType);
    }

    private static string Plausible(string name, Random random) => name switch
    {
        "id" => new Guid(random.GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 16)).ToString(),
        "archive" => "hep-th",
        "number" => random.Next(9_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => $"2401.{random.Next(0, 99_999):D5}",
    };

    internal static string Shorten(string value, int length = 40) => value.Length <= length ? value : $"{value[..(length / 2)]}… ({value.Length} chars)";
}

/// <summary>The identities a request can come with: none, real ones, and tokens that must not pass.</summary>
public sealed class FuzzIdentities(string userToken, string? importerToken)
{
    private readonly (string Name, string? Authorization)[] _identities =
    [
        ("anonymous", null),
        ("user", $"Bearer {userToken}"),
        ("importer", importerToken is null ? $"Bearer {userToken}" : $"Bearer {importerToken}"),
        ("tampered token", $"Bearer {Tampered(userToken)}"),
        ("unsigned expired token", $"Bearer {Unsigned(userToken)}"),
        ("garbage token", "Bearer not.a.token"),
        ("basic credentials", "Basic dXNlcjpwYXNzd29yZA=="),
        ("huge token", "Bearer " + new string('A', 6_000)),
    ];

    public (string Name, string? Authorization) Pick(Random random) =>
        // Half of the requests as someone real: that is where the deeper code runs.
        random.NextDouble() < 0.5 ? _identities[random.Next(1, 3)] : random.Pick(_identities);

    /// <summary>Anything but a real token: for operations a real one would end (sign out everywhere).</summary>
    public (string Name, string? Authorization) PickInvalid(Random random) =>
        random.Pick(_identities.Where(identity => identity.Name is not ("user" or "importer")).ToArray());

    /// <summary>The same token with one character of its signature changed.</summary>
    private static string Tampered(string token) => token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];

    /// <summary>The token's own claims with "alg": "none", no signature, and an expiry in the past.</summary>
    private static string Unsigned(string token)
    {
        var parts = token.Split('.');
        var claims = JsonNode.Parse(Base64Url(parts[1]))!.AsObject();
        claims["exp"] = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds();
        return $"{ToBase64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{ToBase64Url(claims.ToJsonString())}.";
    }

    private static string Base64Url(string part) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(part.Replace('-', '+').Replace('_', '/').PadRight(part.Length + (4 - part.Length % 4) % 4, '=')));

    private static string ToBase64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
