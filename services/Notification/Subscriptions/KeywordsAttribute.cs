using System.ComponentModel.DataAnnotations;

namespace PapersPlatform.Notification.Subscriptions;

/// <summary>At most <see cref="MaxCount"/> keywords, each a non-blank word or phrase of at most <see cref="MaxLength"/> characters.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class KeywordsAttribute() : ValidationAttribute($"At most {MaxCount} keywords, each non-empty and at most {MaxLength} characters.")
{
    public const int MaxCount = 20;
    public const int MaxLength = 100;

    public override bool IsValid(object? value) =>
        value is not IReadOnlyCollection<string?> keywords
        || (keywords.Count <= MaxCount && keywords.All(keyword => !string.IsNullOrWhiteSpace(keyword) && keyword.Trim().Length <= MaxLength));
}
