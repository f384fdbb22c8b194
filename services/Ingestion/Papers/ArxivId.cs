using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace PapersPlatform.Ingestion.Papers;

/// <summary>
/// An arXiv identifier without its version suffix: new style <c>YYMM.NNNNN</c> (four digits
/// before 2015), or old style <c>archive/YYMMNNN</c> such as <c>hep-th/9901001</c>.
/// </summary>
public sealed partial record ArxivId
{
    private ArxivId(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => Value;

    /// <summary>Accepts an id as people paste it: with a version, an <c>arXiv:</c> prefix or an abs/pdf link.</summary>
    public static bool TryParse(string? input, [NotNullWhen(true)] out ArxivId? id)
    {
        id = null;
        var text = StripDecorations(input);
        if (NewStyle().Match(text) is { Success: true } modern)
        {
            var yymm = modern.Groups["yymm"].Value;
            var digits = modern.Groups["number"].Value.Length;
            // Five-digit numbers began in January 2015 (1501); new-style ids began in April 2007.
            var expectedDigits = string.CompareOrdinal(yymm, "1501") >= 0 ? 5 : 4;
            if (!IsMonth(yymm) || string.CompareOrdinal(yymm, "0704") < 0 || digits != expectedDigits)
            {
                return false;
            }
            id = new ArxivId($"{yymm}.{modern.Groups["number"].Value}");
            return true;
        }
        if (OldStyle().Match(text) is { Success: true } legacy && IsMonth(legacy.Groups["yymm"].Value))
        {
            id = new ArxivId($"{legacy.Groups["archive"].Value}/{legacy.Groups["yymm"].Value}{legacy.Groups["number"].Value}");
            return true;
        }
        return false;
    }

    private static string StripDecorations(string? input)
    {
        var text = (input ?? "").Trim();
        foreach (var prefix in (string[])["https://arxiv.org/abs/", "https://arxiv.org/pdf/", "http://arxiv.org/abs/", "http://arxiv.org/pdf/", "arxiv:"])
        {
            if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                text = text[prefix.Length..];
                break;
            }
        }
        return text.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) ? text[..^4] : text;
    }

    private static bool IsMonth(string yymm) =>
        int.Parse(yymm.AsSpan(2, 2), CultureInfo.InvariantCulture) is >= 1 and <= 12;

    // [0-9], not \d: \d matches every script's digits (２４01, ٢٤٠١), which are not arXiv ids.
    [GeneratedRegex(@"^(?<yymm>[0-9]{4})\.(?<number>[0-9]{4,5})(v[1-9][0-9]{0,3})?$", RegexOptions.CultureInvariant)]
    private static partial Regex NewStyle();

    // Archives are lower-case words with hyphens, optionally with an upper-case subject class (math.GT).
    [GeneratedRegex(@"^(?<archive>[a-z]+(-[a-z]+)*(\.[A-Z]{2})?)/(?<yymm>[0-9]{4})(?<number>[0-9]{3})(v[1-9][0-9]{0,3})?$", RegexOptions.CultureInvariant)]
    private static partial Regex OldStyle();
}
