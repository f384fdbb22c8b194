using Microsoft.Extensions.Options;
using PapersPlatform.Notification.Mail;

namespace PapersPlatform.Notification.Tests;

public sealed class MailLinkTokensTests
{
    private const string Key = "a-key-for-unit-tests-that-is-long-enough";
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private readonly SettableClock _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    private MailLinkTokens Tokens(string key = Key) => new(Options.Create(new MailOptions { UnsubscribeKey = key }), _clock);

    [Fact]
    public void ATokenReadsBackAsTheUserAndAddressItWasMadeFor()
    {
        var tokens = Tokens();
        Assert.True(tokens.TryRead(MailLinkPurposes.Unsubscribe, tokens.Create(MailLinkPurposes.Unsubscribe, "ada", "ada@example.com", Day), out var user, out var address));
        Assert.Equal(("ada", "ada@example.com"), (user, address));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData("a.b.c")]
    [InlineData("!!!.???")]
    public void Garbage_IsRefused(string? token) => Assert.False(Tokens().TryRead(MailLinkPurposes.Unsubscribe, token, out _, out _));

    [Fact]
    public void AChangedPayloadOrAnotherKey_IsRefused()
    {
        var tokens = Tokens();
        var token = tokens.Create(MailLinkPurposes.Unsubscribe, "ada", "ada@example.com", Day);
        var forged = tokens.Create(MailLinkPurposes.Unsubscribe, "eve", "eve@example.com", Day).Split('.')[0] + "." + token.Split('.')[1];
        Assert.False(tokens.TryRead(MailLinkPurposes.Unsubscribe, forged, out _, out _));
        Assert.False(Tokens("another-key-for-unit-tests-just-as-long").TryRead(MailLinkPurposes.Unsubscribe, token, out _, out _));
    }

    [Fact]
    public void ATokenDoesOnlyItsOwnJob()
    {
        var tokens = Tokens();
        var unsubscribe = tokens.Create(MailLinkPurposes.Unsubscribe, "ada", "ada@example.com", Day);
        Assert.False(tokens.TryRead(MailLinkPurposes.Confirm, unsubscribe, out _, out _));
    }

    [Fact]
    public void ATokenWorksUntilItsLifetimeEndsAndNotAfter()
    {
        var tokens = Tokens();
        var token = tokens.Create(MailLinkPurposes.Confirm, "ada", "ada@example.com", Day);

        _clock.Now += Day;
        Assert.True(tokens.TryRead(MailLinkPurposes.Confirm, token, out _, out _));
        _clock.Now += TimeSpan.FromSeconds(1);
        Assert.False(tokens.TryRead(MailLinkPurposes.Confirm, token, out _, out _));
    }

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
