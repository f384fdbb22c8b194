using System.ComponentModel.DataAnnotations;

namespace PapersPlatform.Ingestion.Papers;

/// <summary>An arXiv id in any form <see cref="ArxivId.TryParse"/> accepts.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ArxivIdAttribute : ValidationAttribute
{
    public ArxivIdAttribute() : base("Not an arXiv id: use YYMM.NNNNN (YYMM.NNNN before 2015), optionally with vN, or archive/YYMMNNN.") { }

    public override bool IsValid(object? value) => value is null || ArxivId.TryParse(value as string, out _);
}

/// <summary>An absolute http(s) URL.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class HttpUrlAttribute : ValidationAttribute
{
    public HttpUrlAttribute() : base("Must be an absolute http:// or https:// URL.") { }

    public override bool IsValid(object? value) =>
        value is null
        || (Uri.TryCreate(value as string, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps));
}

/// <summary>A moment that is not in the future (a few minutes of clock skew allowed).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class NotInFutureAttribute : ValidationAttribute
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public NotInFutureAttribute() : base("Must not be in the future.") { }

    public override bool IsValid(object? value) =>
        value is not DateTimeOffset moment || moment <= DateTimeOffset.UtcNow + ClockSkew;
}

/// <summary>Every item is non-blank and at most <see cref="MaxLength"/> characters.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class NonBlankItemsAttribute(int maxLength) : ValidationAttribute($"Every entry must be non-empty and at most {maxLength} characters.")
{
    public int MaxLength { get; } = maxLength;

    public override bool IsValid(object? value) =>
        value is not IEnumerable<string?> items || items.All(item => !string.IsNullOrWhiteSpace(item) && item.Length <= MaxLength);
}
