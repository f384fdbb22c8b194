using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>The OpenAPI documents of every service, and a browsable reference of them, from the gateway.</summary>
[Collection(PlatformCollection.Name)]
public sealed partial class ApiDocumentationTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("catalogue", "/api/papers", "/api/feeds/papers")]
    [InlineData("ingestion", "/api/papers", "/api/papers/import")]
    [InlineData("trending", "/api/trending", "/api/trending/{arxivId}")]
    [InlineData("accounts", "/api/accounts", "/api/accounts/token")]
    public async Task OpenApiDocument_ThroughTheGateway_DescribesTheServicesPaths(string service, string path, string otherPath)
    {
        using var client = platform.CreateClient();

        var document = await client.GetJsonAsync($"/openapi/{service}.json");

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty(path, out _), $"{service} should document {path}");
        Assert.True(paths.TryGetProperty(otherPath, out _), $"{service} should document {otherPath}");
    }

    [Fact]
    public async Task ApiReference_IsAPageWhoseScriptIsServedLocally()
    {
        using var client = platform.CreateClient();
        using var page = await client.Http.GetAsync("/docs");
        await page.EnsureStatusAsync(HttpStatusCode.OK);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("catalogue", html, StringComparison.Ordinal);

        // The page's script comes from the gateway itself, not a CDN this machine cannot reach.
        var script = ScriptSource().Match(html).Groups["src"].Value;
        Assert.False(script.StartsWith("http", StringComparison.Ordinal), $"script should be local: {script}");
        using var scriptResponse = await client.Http.GetAsync(new Uri(new Uri(client.Http.BaseAddress!, "/docs/"), script));
        await scriptResponse.EnsureStatusAsync(HttpStatusCode.OK);
    }

    [GeneratedRegex("<script[^>]*src=\"(?<src>[^\"]+)\"")]
    private static partial Regex ScriptSource();
}
