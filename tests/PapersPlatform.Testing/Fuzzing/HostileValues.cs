using System.Text;

namespace PapersPlatform.Testing.Fuzzing;

/// <summary>
/// The values an attacker tries first, grouped by what they break: parsers (types, numbers, dates),
/// text handling (NUL, control characters, surrogates, look-alike digits) and limits (length).
/// </summary>
internal static class HostileValues
{
    /// <summary>Strings that .NET can hold; encoded as UTF-8 (a lone surrogate becomes U+FFFD there).</summary>
    public static readonly string[] Strings =
    [
        "", " ", "\0", "a\0b", "\u0001\u001f", "\t\r\n", "\u007f", "\u0085", "\u2028",
        // Digits that are not ASCII, and letters that look like digits or Latin letters.
        "２４01.１２３４５", "٢٤٠١.١٢٣٤٥", "۲۴۰۱.۱۲۳۴۵", "2401.12345\u200b", "24О1.12345", "ⅰⅱⅲ", "¹²³",
        // Markers the search highlighter uses, bidi overrides, a BOM, an emoji, a lone surrogate.
        "\uE000marked\uE001", "\u202Eevil", "\uFEFF", "💥", "\uD800", "\uDFFFx",
        // Numbers at and past every edge.
        "99999999999999999999999", "-1", "0", "-0", "1e309", "NaN", "Infinity", "0x10", "+1", "1.5", "2147483648", "-2147483649", "1,5",
        // Dates and periods at and past the edges, and in the wrong shapes.
        "0001-01-01", "9999-12-31", "10000-01-01", "2024-02-30", "2024-13-01", "1900-01-01", "2024-W00", "2024-W54", "9999-W52",
        "0000-00", "9999-12", "2024-1-1", "01/02/2024", "2024-05-01T25:00:00Z", "today",
        // Paths, injections and templates.
        "../../etc/passwd", "..", "/", "//", "\\", "hep-th/", "hep-th/9901001/../..", "a/b/c/d/e",
        "' OR '1'='1", "'; DROP TABLE papers; --", "<script>alert(1)</script>", "{{7*7}}", "${jndi:ldap://x}", "%s%s%n",
        "null", "true", "[]", "{}", "\"", "a,b", "*", "-", "\"unclosed phrase", "-excluded", "a | b & !c",
        // Lengths past every limit.
        new string('a', 300), new string('a', 10_000), new string('9', 5_000), string.Concat(Enumerable.Repeat("💥", 2_000)),
    ];

    /// <summary>Percent-encoded bytes that are not UTF-8 (or encode a surrogate or NUL): for paths and queries.</summary>
    public static readonly string[] BrokenPercentEncodings = ["%C3%28", "%FF", "%ED%A0%80", "%C0%AF", "%00", "%", "%zz", "%E2%82", "a%2Fb", "%2e%2e"];

    /// <summary>Bytes that are not UTF-8, to put inside a JSON string.</summary>
    public static readonly byte[][] BrokenUtf8 = [[0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xE2, 0x82], [0xF8, 0x88, 0x80, 0x80, 0x80]];

    /// <summary>JSON values of every type but the one expected (huge, negative zero, precise beyond a double).</summary>
    public static readonly string[] JsonValues =
    [
        "0", "-1", "1e400", "-0", "1.00000000000000000001", "99999999999999999999999999", "true", "false", "null", "[]", "{}",
        "[1,2]", "{\"a\":1}", "\"\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "[\"\\u0000\"]",
    ];

    /// <summary>A percent-encoding of every byte but the unreserved ones, as a client that trusts nothing would send.</summary>
    public static string Encode(string value)
    {
        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')
            {
                encoded.Append(c);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return encoded.ToString();
    }

    public static T Pick<T>(this Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];
}
