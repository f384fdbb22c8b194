using System.ComponentModel.DataAnnotations;
using PapersPlatform.Notification.Keywords;

namespace PapersPlatform.Notification.Subscriptions;

/// <summary>
/// At most <see cref="MaxCount"/> keywords, each a word or phrase of at most <see cref="MaxLength"/>
/// characters with at least one letter or digit and at most <see cref="KeywordText.MaxWords"/> words.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class KeywordsAttribute() : ValidationAttribute(
    $"At most {MaxCount} keywords, each at most {MaxLength} characters and {KeywordText.MaxWords} words, with at least one letter or digit.")
{
    public const int MaxCount = 20;
    public const int MaxLength = 100;

    public override bool IsValid(object? value) =>
        value is not IReadOnlyCollection<string?> keywords
        || (keywords.Count <= MaxCount && keywords.All(keyword =>
            keyword is not null && keyword.Trim().Length <= MaxLength && KeywordText.Phrase(keyword) is not null));
}
