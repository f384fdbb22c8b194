using Microsoft.Playwright;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>
/// Debian's Chromium (installed by deploy/test.sh), headless, driven by Playwright; Playwright's
/// own browser download cannot work here and is never used. One browser context per user, so
/// each has its own cookies, as two people on two machines would.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] QuietArguments =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Browser(IPlaywright playwright, IBrowser browser) => (_playwright, _browser) = (playwright, browser);

    private readonly List<string> _policyViolations = [];

    /// <summary>What the pages' Content-Security-Policy refused (scripts, styles, connections), as Chromium reported it.</summary>
    public IReadOnlyList<string> PolicyViolations
    {
        get
        {
            lock (_policyViolations)
            {
                return [.. _policyViolations];
            }
        }
    }

    public static string ScreenshotFolder { get; } = Path.Combine(TestEnvironment.RepositoryRoot, "TestResults", "screenshots");

    public static async Task<Browser> LaunchAsync()
    {
        // The whole suite shares two cores: a sign-up (password hashing, two requests) can take seconds.
        Assertions.SetDefaultExpectTimeout(15_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = QuietArguments });
        return new Browser(playwright, browser);
    }

    /// <summary>A fresh user's page (own cookies) on the gateway; phone-sized when asked.</summary>
    public async Task<IPage> NewPageAsync(Uri gateway, bool phone = false)
    {
        var context = await _browser.NewContextAsync(new()
        {
            BaseURL = gateway.ToString(),
            ViewportSize = phone ? new() { Width = 390, Height = 844 } : new() { Width = 1280, Height = 900 },
            IsMobile = phone,
            HasTouch = phone,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (_policyViolations)
                {
                    _policyViolations.Add(message.Text);
                }
            }
        };
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, $"{name}.png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
