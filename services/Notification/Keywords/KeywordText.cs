using System.Globalization;
using System.Text;

namespace PapersPlatform.Notification.Keywords;

/// <summary>
/// The one normal form that keywords and papers are compared in: lower case, accents removed,
/// words are runs of letters and digits and everything else separates them. "Self-Supervised
/// Résumé" and "self supervised resume" are the same phrase; "transform" is not in "transformers".
/// </summary>
public static class KeywordText
{
    /// <summary>Longest keyword, in words: a paper is looked up by all its phrases up to this length.</summary>
    public const int MaxWords = 8;

    public static IReadOnlyList<string> Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        // Compatibility decomposition splits "é" into "e" and an accent, and "ﬁ" into "fi".
        foreach (var character in text.Normalize(NormalizationForm.FormKD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(character) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (char.IsLetterOrDigit(character))
            {
                word.Append(char.ToLowerInvariant(character));
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }
        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }
        return words;
    }

    /// <summary>A keyword's normal form, or null when it has no word or more than <see cref="MaxWords"/>.</summary>
    public static string? Phrase(string keyword)
    {
        var words = Words(keyword);
        return words.Count is 0 or > MaxWords ? null : string.Join(' ', words);
    }

    /// <summary>
    /// Every phrase of up to <see cref="MaxWords"/> consecutive words in each text: a keyword
    /// matches exactly when its normal form is one of them. Phrases never span two texts.
    /// </summary>
    public static IReadOnlySet<string> Phrases(params IEnumerable<string> texts)
    {
        var phrases = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var words = Words(text);
            for (var start = 0; start < words.Count; start++)
            {
                var phrase = new StringBuilder();
                for (var end = start; end < Math.Min(words.Count, start + MaxWords); end++)
                {
                    phrase.Append(end == start ? "" : " ").Append(words[end]);
                    phrases.Add(phrase.ToString());
                }
            }
        }
        return phrases;
    }
}
