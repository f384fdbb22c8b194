using System.ComponentModel.DataAnnotations;
using PapersPlatform.Testing;
using PapersPlatform.Embeddings.Encoding;

namespace PapersPlatform.Embeddings.Tests;

/// <summary>The index's settings are checked at start-up: each at its bound is taken, one past it refused by name.</summary>
public sealed class EmbeddingOptionsTests
{
    [Theory]
    [InlineData(nameof(EmbeddingOptions.ExactSearchUpTo), 1, 0)]
    [InlineData(nameof(EmbeddingOptions.Shortlist), 1, 0)]
    [InlineData(nameof(EmbeddingOptions.Regions), 65_536, 65_537)]
    [InlineData(nameof(EmbeddingOptions.Probes), 1, 0)]
    public void An_index_setting_at_its_bound_is_taken_and_one_past_it_is_refused(string setting, int atBound, int pastBound)
    {
        Assert.Empty(Problems(setting, atBound));
        Assert.Equal([setting], Problems(setting, pastBound).SelectMany(problem => problem.MemberNames));
    }

    [Fact]
    public void The_shortlist_share_is_a_share()
    {
        Assert.Empty(Problems(nameof(EmbeddingOptions.ShortlistShare), 1.0));
        Assert.NotEmpty(Problems(nameof(EmbeddingOptions.ShortlistShare), 1.5));
        Assert.NotEmpty(Problems(nameof(EmbeddingOptions.ShortlistShare), -0.1));
    }

    [Fact]
    public void A_search_model_that_does_not_exist_is_refused()
    {
        Assert.Empty(Problems(nameof(EmbeddingOptions.QueryModel), ModelPrecision.Full));
        Assert.NotEmpty(Problems(nameof(EmbeddingOptions.QueryModel), (ModelPrecision)7));
    }

    private static List<ValidationResult> Problems(string setting, object value) => SettingsValidation.Problems<EmbeddingOptions>(setting, value);
}
