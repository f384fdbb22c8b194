using System.ComponentModel.DataAnnotations;
using System.Text;

namespace PapersPlatform.ServiceDefaults.Validation;

/// <summary>
/// What every text field and query value may hold: no NUL or other control character (Postgres
/// refuses NUL in text, and the rest has no business in a name, a title or a search), no lone
/// surrogate (not text at all: it cannot be stored or sent as UTF-8). Line breaks and tabs only
/// where a field is prose (an abstract).
/// </summary>
public static class PlainText
{
    /// <summary>Why <paramref name="value"/> is not plain text, in words for the caller, or null when it is.</summary>
    public static string? Problem(string? value, bool allowLineBreaks = false)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                return "Must be valid text: it holds half of a character (a lone UTF-16 surrogate).";
            }
            if (allowLineBreaks && c is '\n' or '\r' or '\t')
            {
                continue;
            }
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                return c == '\0'
                    ? "Must not contain a NUL character."
                    : $"Must not contain control characters (found U+{(int)c:X4}).";
            }
        }
        return null;
    }

    /// <summary>
    /// Without the private-use characters (U+E000–U+F8FF): the search highlighter marks matches
    /// with two of them, so stored text must never hold one of its own.
    /// </summary>
    public static string WithoutPrivateUse(string value)
    {
        if (!value.Any(c => c is >= '\uE000' and <= '\uF8FF'))
        {
            return value;
        }
        var kept = new StringBuilder(value.Length);
        foreach (var c in value.Where(c => c is not (>= '\uE000' and <= '\uF8FF')))
        {
            kept.Append(c);
        }
        return kept.ToString();
    }
}

/// <summary>A text field (or each text of a list) must be <see cref="PlainText"/>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class PlainTextAttribute(bool allowLineBreaks = false) : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        var problem = value switch
        {
            string text => PlainText.Problem(text, allowLineBreaks),
            IEnumerable<string?> texts => texts.Select(text => PlainText.Problem(text, allowLineBreaks)).FirstOrDefault(problem => problem is not null),
            _ => null,
        };
        return problem is null ? ValidationResult.Success : new ValidationResult(problem, validationContext.MemberName is { } member ? [member] : null);
    }
}
