using Microsoft.Extensions.Options;
using PapersPlatform.Notification.Mail;

namespace PapersPlatform.Notification.Tests;

public sealed class UnsubscribeTokensTests
{
    private static UnsubscribeTokens Tokens(string key) => new(Options.Create(new MailOptions { UnsubscribeKey = key }));

    private readonly UnsubscribeTokens _tokens = Tokens("a-key-for-unit-tests-that-is-long-enough");

    [Fact]
    public void ATokenReadsBackAsTheUserAndAddressItWasMadeFor()
    {
        Assert.True(_tokens.TryRead(_tokens.Create("ada", "ada@example.com"), out var user, out var address));
        Assert.Equal(("ada", "ada@example.com"), (user, address));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData("a.b.c")]
    [InlineData("!!!.???")]
    public void Garbage_IsRefused(string? token) => Assert.False(_tokens.TryRead(token, out _, out _));

    [Fact]
    public void AChangedPayloadOrAnotherKey_IsRefused()
    {
        var token = _tokens.Create("ada", "ada@example.com");
        var forged = _tokens.Create("eve", "eve@example.com").Split('.')[0] + "." + token.Split('.')[1];
        Assert.False(_tokens.TryRead(forged, out _, out _));
        Assert.False(Tokens("another-key-for-unit-tests-just-as-long").TryRead(token, out _, out _));
    }
}
