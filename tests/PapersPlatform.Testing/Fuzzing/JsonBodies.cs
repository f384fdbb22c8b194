using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PapersPlatform.Testing.Fuzzing;

/// <summary>A plausible JSON body for an operation, with one thing wrong in it.</summary>
internal static class JsonBodies
{
    public static byte[] Mutate(IReadOnlyList<BodyProperty> fields, Random random, List<string> mutations, bool singleLine = false)
    {
        var body = Plausible(fields, random);
        var field = fields.Count == 0 ? null : random.Pick(fields);
        var name = field?.Name ?? "field";
        switch (random.Next(singleLine ? 11 : 14))
        {
            case 0:
                var hostile = random.Pick(HostileValues.Strings);
                body[name] = field?.Type == "array" ? new JsonArray(hostile) : hostile;
                mutations.Add($"{name} = {HostileRequests.Shorten(hostile)}");
                return Utf8(body);
            case 1:
                var wrong = random.Pick(HostileValues.JsonValues);
                mutations.Add($"{name} = {wrong}");
                return Replace(body, name, wrong);
            case 2:
                body.Remove(name);
                mutations.Add($"no {name}");
                return Utf8(body);
            case 3:
                body[HostileValues.Encode(random.Pick(HostileValues.Strings))] = "extra";
                mutations.Add("unknown property");
                return Utf8(body);
            case 4:
                // Duplicate keys: the second one hostile (which one wins is the parser's choice).
                var text = body.ToJsonString();
                mutations.Add($"{name} twice");
                return Encoding.UTF8.GetBytes(text[..^1] + $"{(body.Count == 0 ? "" : ",")}\"{name}\":{JsonSerializer.Serialize(random.Pick(HostileValues.Strings))}}}");
            case 5:
                var depth = random.Pick(new[] { 64, 1_000, 5_000 });
                mutations.Add($"{name} nested {depth} deep");
                return Replace(body, name, new string('[', depth) + new string(']', depth));
            case 6:
                var top = random.Pick(HostileValues.JsonValues);
                mutations.Add($"body = {top}");
                return Encoding.UTF8.GetBytes(top);
            case 7:
                var whole = Utf8(body);
                var cut = random.Next(0, whole.Length);
                mutations.Add($"cut after {cut} bytes");
                return whole[..cut];
            case 8:
                var broken = random.Pick(HostileValues.BrokenUtf8);
                mutations.Add($"{name} has bytes that are not UTF-8");
                return Splice(Replace(body, name, "\"x\u0001\""), broken);
            case 9:
                var escaped = random.Pick(new[] { "\"\\ud800\"", "\"\\udfff\"", "\"a\\u0000b\"", "\"\\uE000x\\uE001\"" });
                mutations.Add($"{name} = {escaped} (escaped)");
                return Replace(body, name, escaped);
            case 10:
                mutations.Add("UTF-8 byte-order mark");
                return [0xEF, 0xBB, 0xBF, .. Utf8(body)];
            case 11:
                var size = random.Pick(new[] { 17 * 1024, 300 * 1024, 2 * 1024 * 1024 });
                body[name] = new string('a', size);
                mutations.Add($"{name} of {size:N0} bytes");
                return Utf8(body);
            case 12:
                mutations.Add("empty body");
                return [];
            default:
                mutations.Add("comments and a trailing comma");
                return Encoding.UTF8.GetBytes("/* hello */ " + body.ToJsonString()[..^1] + ",}");
        }
    }

    /// <summary>Values that pass each field's own rules, so that the one mutation is what is wrong.</summary>
    private static JsonObject Plausible(IReadOnlyList<BodyProperty> fields, Random random)
    {
        // From the seed, like everything else: the same seed sends the same names.
        var n = random.Next(1_000_000);
        var body = new JsonObject();
        foreach (var field in fields)
        {
            body[field.Name] = field.Name switch
            {
                "arxivId" => $"2401.{random.Next(0, 99_999):D5}",
                "username" => $"fuzz{n}-{random.Next(1_000_000)}",
                "email" => $"fuzz{n}@example.com",
                "password" => "correct horse battery staple",
                "publishedAt" => "2024-05-01",
                "digest" => "daily",
                "codeUrl" or "projectUrl" => null,
                _ when field.Type == "array" => new JsonArray("Ada Lovelace"),
                _ when field.Type == "integer" => 1,
                _ when field.Type == "boolean" => true,
                _ => "Fuzzed text",
            };
        }
        return body;
    }

    /// <summary>The body with one property's value replaced by raw JSON text (which need not be valid).</summary>
    private static byte[] Replace(JsonObject body, string name, string rawValue)
    {
        body[name] = "\u0001marker\u0001";
        return Encoding.UTF8.GetBytes(body.ToJsonString().Replace("\"\\u0001marker\\u0001\"", rawValue, StringComparison.Ordinal));
    }

    /// <summary>Puts raw bytes where the \u0001 of a marked string is.</summary>
    private static byte[] Splice(byte[] marked, byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(marked);
        var at = text.IndexOf("\u0001", StringComparison.Ordinal);
        if (at < 0)
        {
            return marked;
        }
        return [.. Encoding.UTF8.GetBytes(text[..at]), .. bytes, .. Encoding.UTF8.GetBytes(text[(at + 1)..])];
    }

    private static byte[] Utf8(JsonObject body) => Encoding.UTF8.GetBytes(body.ToJsonString());
}

/// <summary>Atom and XML bodies for the import: malformed, hostile entities, deep nesting, bad entries.</summary>
internal static class XmlBodies
{
    public static byte[] Mutate(Random random, List<string> mutations)
    {
        var hostile = System.Security.SecurityElement.Escape(random.Pick(HostileValues.Strings)) ?? "";
        var (name, xml) = random.Next(6) switch
        {
            0 => ("malformed XML", "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>"),
            1 => ("external entity", "<?xml version=\"1.0\"?><!DOCTYPE feed [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>&x;</title></entry></feed>"),
            2 => ("entity expansion", "<?xml version=\"1.0\"?><!DOCTYPE feed [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]><feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>&d;&d;&d;&d;</title></entry></feed>"),
            3 => ("nested 5,000 deep", string.Concat(Enumerable.Repeat("<a>", 5_000)) + string.Concat(Enumerable.Repeat("</a>", 5_000))),
            4 => ("hostile entry", $"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>http://arxiv.org/abs/{hostile}</id><title>{hostile}</title><summary>{hostile}</summary><published>{hostile}</published><author><name>{hostile}</name></author></entry></feed>"),
            _ => ("not XML", hostile),
        };
        mutations.Add(name);
        return Encoding.UTF8.GetBytes(xml);
    }
}
