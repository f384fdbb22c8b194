using PapersPlatform.Ingestion.Papers;

namespace PapersPlatform.Ingestion.Tests;

public sealed class ArxivIdTests
{
    [Theory]
    [InlineData("2401.12345", "2401.12345")]
    [InlineData("2401.12345v2", "2401.12345")]
    [InlineData("  2401.12345v12 ", "2401.12345")]
    [InlineData("arXiv:2401.12345", "2401.12345")]
    [InlineData("https://arxiv.org/abs/2401.12345v1", "2401.12345")]
    [InlineData("https://arxiv.org/pdf/2401.12345v1.pdf", "2401.12345")]
    [InlineData("0704.0001", "0704.0001")]
    [InlineData("1412.9999v3", "1412.9999")]
    [InlineData("hep-th/9901001", "hep-th/9901001")]
    [InlineData("hep-th/9901001v2", "hep-th/9901001")]
    [InlineData("math.GT/0309136", "math.GT/0309136")]
    [InlineData("cond-mat/0011111", "cond-mat/0011111")]
    public void TryParse_ValidId_NormalisesWithoutVersion(string input, string expected)
    {
        Assert.True(ArxivId.TryParse(input, out var id));
        Assert.Equal(expected, id.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2401.1234")]      // four digits after 2015
    [InlineData("1412.12345")]     // five digits before 2015
    [InlineData("2413.12345")]     // month 13
    [InlineData("2400.12345")]     // month 00
    [InlineData("0703.1234")]      // before new-style ids existed
    [InlineData("2401.12345v0")]
    [InlineData("2401.12345v")]
    [InlineData("2401-12345")]
    [InlineData("HEP-TH/9901001")]
    [InlineData("hep-th/991301")]
    [InlineData("hep-th/9913001")] // month 13
    [InlineData("'; DROP TABLE papers; --")]
    public void TryParse_InvalidId_IsRejected(string? input)
    {
        Assert.False(ArxivId.TryParse(input, out var id));
        Assert.Null(id);
    }
}
