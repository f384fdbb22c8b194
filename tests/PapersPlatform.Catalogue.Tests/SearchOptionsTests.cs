using System.ComponentModel.DataAnnotations;
using PapersPlatform.Testing;
using PapersPlatform.Catalogue.Listings;

namespace PapersPlatform.Catalogue.Tests;

/// <summary>Hybrid search's settings are checked at start-up: each at its bound is taken, one past it refused by name.</summary>
public sealed class SearchOptionsTests
{
    [Theory]
    [InlineData(nameof(SearchOptions.Candidates), 1, 0)]
    [InlineData(nameof(SearchOptions.Candidates), 200, 201)]
    [InlineData(nameof(SearchOptions.FusionConstant), 0, -1)]
    [InlineData(nameof(SearchOptions.FusionConstant), 10_000, 10_001)]
    [InlineData(nameof(SearchOptions.MinSimilarity), 1.0, 1.1)]
    [InlineData(nameof(SearchOptions.MinSimilarity), -1.0, -1.1)]
    public void A_setting_at_its_bound_is_taken_and_one_past_it_is_refused(string setting, object atBound, object pastBound)
    {
        Assert.Empty(Problems(setting, atBound));
        Assert.Equal([setting], Problems(setting, pastBound).SelectMany(problem => problem.MemberNames));
    }

    private static List<ValidationResult> Problems(string setting, object value) => SettingsValidation.Problems<SearchOptions>(setting, value);
}
