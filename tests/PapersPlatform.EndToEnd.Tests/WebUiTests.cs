using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>The web page at the gateway's root, in a real headless Chromium, as people use it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class WebUiTests(PlatformFixture platform) : IAsyncLifetime
{
    private static readonly LocatorAssertionsToHaveTextOptions Live = new() { Timeout = 20_000 };
    private Browser _browser = null!;

    public async Task InitializeAsync() => _browser = await Browser.LaunchAsync();

    /// <summary>Every page of every test ran under the site's Content-Security-Policy with nothing refused.</summary>
    public async Task DisposeAsync()
    {
        var violations = _browser.PolicyViolations;
        await _browser.DisposeAsync();
        Assert.Empty(violations);
    }

    [Fact]
    public async Task AVisitor_SignsUp_Submits_IsUpvotedLive_Searches_ChangesSettings_AndSignsOut()
    {
        var word = TestHelpers.UniqueWord();
        var title = $"Learning {word} representations";
        var author = await _browser.NewPageAsync(platform.GatewayAddress);
        var authorName = await SignUpAsync(author, "author");
        // The token is in an HttpOnly cookie: page scripts cannot read it.
        Assert.DoesNotContain("papers_session", await author.EvaluateAsync<string>("document.cookie"));

        await author.GetByRole(AriaRole.Link, new() { Name = "Submit" }).ClickAsync();
        var arxivId = TestHelpers.UniqueArxivId();
        await author.GetByLabel("arXiv id").FillAsync(arxivId);
        await author.GetByLabel("Title").FillAsync(title);
        await author.GetByLabel("Abstract").FillAsync($"We learn {word} representations from scratch, with care.");
        await author.GetByLabel("Authors").FillAsync("Ada Lovelace, Alan Turing");
        await author.GetByLabel("Organisation").FillAsync("Analytical Engines Ltd");
        await author.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        var authorsCard = author.Locator($"li.card[data-arxiv-id='{arxivId}']");
        await Expect(authorsCard).ToContainTextAsync(title);
        // What a daily-papers card shows: the authors and how many, the organisation, the date, the votes.
        await Expect(authorsCard.Locator(".meta")).ToContainTextAsync("Ada Lovelace, Alan Turing · 2 authors · Analytical Engines Ltd · published");
        await Expect(authorsCard.Locator(".vote .upvotes")).ToHaveTextAsync("0");
        await Expect(author.GetByRole(AriaRole.Heading, new() { Name = "Today's papers" })).ToBeVisibleAsync();
        // And the invitation to the trending papers by e-mail, which leads to the subscription.
        await Expect(author.GetByRole(AriaRole.Link, new() { Name = "Subscribe by e-mail" })).ToHaveAttributeAsync("href", "/settings");
        await Expect(author.Locator("#unread")).ToHaveTextAsync("0");
        await Browser.ScreenshotAsync(author, "daily-papers");

        var voter = await _browser.NewPageAsync(platform.GatewayAddress);
        await SignUpAsync(voter, "voter");
        var vote = voter.Locator($"li.card[data-arxiv-id='{arxivId}'] .vote button");
        await vote.ClickAsync();
        await Expect(vote).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(vote.Locator(".upvotes")).ToHaveTextAsync("1");

        // The author's bell rises without a reload: the live stream told the page. (The upvote may
        // come with a "trending" notification: the paper tops today's list.)
        await Expect(author.Locator("#unread")).ToHaveTextAsync(new Regex("^[1-9]"), Live);
        await Browser.ScreenshotAsync(author, "bell");
        await author.Locator(".bell").ClickAsync();
        var first = author.Locator("ol.notifications li.unread").First;
        var message = await first.Locator("a").TextContentAsync();
        await first.GetByRole(AriaRole.Button, new() { Name = "Mark read" }).ClickAsync();
        // That one is read now; another (a "trending" notice) may arrive at any moment, so the
        // bell is compared with the list rather than with a number read before.
        await Expect(author.Locator("ol.notifications li", new() { HasText = message })).Not.ToHaveClassAsync("unread");
        await TestHelpers.EventuallyAsync(async () => await author.Locator("#unread").TextContentAsync()
                == (await author.Locator("ol.notifications li.unread").CountAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture) ? (bool?)true : null,
            "the bell to count the unread notifications listed");

        await author.GetByLabel("Search papers").FillAsync(word);
        await author.GetByLabel("Search papers").PressAsync("Enter");
        await Expect(author.Locator($"li.card[data-arxiv-id='{arxivId}'] mark").First).ToHaveTextAsync(word, new() { IgnoreCase = true });
        await Browser.ScreenshotAsync(author, "search");

        await author.Locator($"li.card[data-arxiv-id='{arxivId}'] h2 a").ClickAsync();
        await Expect(author.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
        await Expect(author.GetByRole(AriaRole.Heading, new() { Name = "Why it is trending" })).ToBeVisibleAsync();
        await Expect(author.Locator(".vote .upvotes")).ToHaveTextAsync("1");
        // Related papers come after the page, once the new paper has its embedding.
        await Expect(author.GetByRole(AriaRole.Heading, new() { Name = "Related papers" })).ToBeVisibleAsync();
        await Expect(author.Locator(".related")).Not.ToContainTextAsync("Finding related papers", new() { Timeout = 30_000 });
        await Expect(author.Locator(".related")).Not.ToContainTextAsync("unavailable");
        await Browser.ScreenshotAsync(author, "paper");

        // After a reload the voter still sees their own vote, and can take it back.
        await voter.ReloadAsync();
        await Expect(vote).ToHaveAttributeAsync("aria-pressed", "true");
        await vote.ClickAsync();
        await Expect(vote).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(vote.Locator(".upvotes")).ToHaveTextAsync("0");
        await voter.ReloadAsync();
        await Expect(vote.Locator(".upvotes")).ToHaveTextAsync("0");

        await author.GetByRole(AriaRole.Link, new() { Name = authorName }).ClickAsync();
        await author.GetByLabel("E-mail for digests and alerts").FillAsync($"{word}@example.com");
        await author.GetByLabel("Digest of the top papers").SelectOptionAsync("weekly");
        await author.GetByLabel("Keyword alerts").FillAsync("graph networks\nrésumé");
        await author.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(author.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Saved. We mailed a confirmation link to {word}@example.com: nothing else is sent there until you follow it.");
        await author.ReloadAsync();
        await Expect(author.GetByRole(AriaRole.Status)).ToContainTextAsync("We mailed a confirmation link");
        await Expect(author.GetByLabel("Digest of the top papers")).ToHaveValueAsync("weekly");
        await Expect(author.GetByLabel("Keyword alerts")).ToHaveValueAsync("graph networks\nrésumé");
        await Browser.ScreenshotAsync(author, "settings");

        await author.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(author.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await author.ReloadAsync();
        await Expect(author.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(author.GetByRole(AriaRole.Link, new() { Name = "Submit" })).ToBeHiddenAsync();
        await Expect(author.Locator(".bell")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task TheApiReference_RendersTheServicesOperations_UnderItsOwnPolicy()
    {
        var page = await _browser.NewPageAsync(platform.GatewayAddress);
        await page.GotoAsync("/docs");
        // Scalar draws the page with script, from the document the gateway proxies.
        await Expect(page.GetByText("/api/papers").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ByKeyboardAlone_AReaderReachesAPapersUpvoteButtonAndPressesIt()
    {
        using var api = platform.CreateClient();
        await api.SignUpAndSignInAsync("author");
        var arxivId = await NotificationTests.SubmitAsync(api, "A paper upvoted by keyboard");
        await api.WaitForPaperAsync(arxivId);
        var page = await _browser.NewPageAsync(platform.GatewayAddress);
        await SignUpAsync(page, "keyboard");
        // The paper's own page: today's list may hold many papers above it in a full run.
        await page.GotoAsync($"/papers/{arxivId}");
        var vote = page.Locator(".paper .vote button");
        await Expect(vote).ToBeVisibleAsync();

        var reached = false;
        for (var press = 0; press < 30 && !reached; press++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached = await vote.EvaluateAsync<bool>("button => document.activeElement === button");
        }
        Assert.True(reached, "Tab never reached the upvote button.");
        await page.Keyboard.PressAsync("Enter");

        await Expect(vote).ToHaveAttributeAsync("aria-pressed", "true");
    }

    [Fact]
    public async Task SubmitForm_ShowsTheApisValidationErrorNextToTheField()
    {
        var page = await _browser.NewPageAsync(platform.GatewayAddress);
        await SignUpAsync(page, "author");
        await page.GotoAsync("/submit");

        await page.GetByLabel("arXiv id").FillAsync("not-an-id");
        await page.GetByLabel("Title").FillAsync("A title");
        await page.GetByLabel("Abstract").FillAsync("An abstract.");
        await page.GetByLabel("Authors").FillAsync("Ada Lovelace");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

        await Expect(page.Locator("[data-error-for='arxivId']")).Not.ToBeEmptyAsync();
        await Expect(page.GetByLabel("arXiv id")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("[data-error-for='title']")).ToBeEmptyAsync();
    }

    [Fact]
    public async Task APageLeftWhileItsAnswerIsSlow_DoesNotReplaceThePageTheReaderWentTo()
    {
        var page = await _browser.NewPageAsync(platform.GatewayAddress);
        var listingAsked = new TaskCompletionSource();
        var releaseListing = new TaskCompletionSource();
        // The day listing's answer is held back, as on a slow network or a busy machine.
        await page.RouteAsync("**/api/papers?date=*", async route =>
        {
            listingAsked.TrySetResult();
            await releaseListing.Task;
            await route.ContinueAsync();
        });

        await page.GotoAsync("/");
        await listingAsked.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();

        var listingAnswered = page.WaitForResponseAsync(response => response.Url.Contains("/api/papers?date="));
        releaseListing.SetResult();
        await (await listingAnswered).FinishedAsync();
        // The answer has arrived; give the page's script time to handle it (a wrong page shows at once).
        await page.EvaluateAsync("() => new Promise((resolve) => setTimeout(resolve, 500))");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Today's papers" })).ToHaveCountAsync(0);
        await page.GetByLabel("User name").FillAsync("still-here");
    }

    [Fact]
    public async Task OnAPhone_TheDailyPageFitsTheScreen_AndASignedInSessionSurvivesAReload()
    {
        var page = await _browser.NewPageAsync(platform.GatewayAddress, phone: true);
        var name = await SignUpAsync(page, "reader");
        await page.ReloadAsync();

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = name })).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The page scrolls sideways on a phone.");
        await Browser.ScreenshotAsync(page, "phone");
    }

    private static async Task<string> SignUpAsync(IPage page, string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..20];
        await page.GotoAsync("/signup");
        await page.GetByLabel("User name").FillAsync(name);
        await page.GetByLabel("E-mail").FillAsync($"{name}@example.com");
        await page.GetByLabel("Password").FillAsync("correct-horse-battery");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = name })).ToBeVisibleAsync();
        return name;
    }
}
