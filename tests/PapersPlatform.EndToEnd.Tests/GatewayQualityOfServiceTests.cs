using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PapersPlatform.Testing;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>
/// Timeouts, health checks and load balancing, on gateways of the tests' own whose catalogue
/// cluster is made of instances the test starts, freezes and kills.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayQualityOfServiceTests(PlatformFixture platform)
{
    /// <summary>Probes every second, so that a test sees a destination ejected within seconds.</summary>
    private static readonly Dictionary<string, string> FastHealthChecks = new()
    {
        ["Gateway__Proxy__HealthProbeInterval"] = "00:00:01",
        ["Gateway__Proxy__HealthProbeTimeout"] = "00:00:01",
        ["Gateway__Proxy__DefaultTimeout"] = "00:00:02",
    };

    [Fact]
    public async Task A_Hung_Service_Gives_504_Within_The_Route_Timeout_Then_503_With_Retry_After_Once_Ejected()
    {
        var (catalogue, catalogueAddress) = platform.StartExtraInstance("catalogue", "catalogue-hung");
        await using var _ = catalogue;
        await TestHelpers.WaitForHealthAsync(catalogueAddress);
        await using var gateway = await GatewayUnderTest.StartAsync(platform, "gateway-hung", new Dictionary<string, string>(FastHealthChecks)
        {
            // The catalogue is this one instance (the shared fixture runs one of each).
            ["ReverseProxy__Clusters__catalogue__Destinations__primary__Address"] = catalogueAddress.ToString(),
            ["Gateway__Proxy__HealthProbeInterval"] = "00:00:02",
        });
        using var reader = await SignedInAsync(gateway);
        await catalogue.FreezeAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            using var timedOut = await reader.GetAsync("/api/papers?date=2024-05-01");
            var took = clock.Elapsed;

            await timedOut.EnsureStatusAsync(HttpStatusCode.GatewayTimeout);
            Assert.Equal("application/problem+json", timedOut.Content.Headers.ContentType?.MediaType);
            Assert.InRange(took.TotalSeconds, 1.9, 6);

            // The probes time out too: the only instance is ejected, and the gateway says so at once.
            var unavailable = await TestHelpers.EventuallyAsync(async () =>
            {
                var response = await reader.GetAsync("/api/papers?date=2024-05-01");
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    return response;
                }
                response.Dispose();
                return null;
            }, "the hung instance to be ejected", TimeSpan.FromSeconds(30));
            using (unavailable)
            {
                Assert.Equal("application/problem+json", unavailable.Content.Headers.ContentType?.MediaType);
                Assert.Equal(TimeSpan.FromSeconds(2), unavailable.Headers.RetryAfter?.Delta); // the probe interval
                Assert.Contains("catalogue", (await unavailable.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
            }
        }
        finally
        {
            await catalogue.ThawAsync();
        }
        await TestHelpers.EventuallyAsync(async () =>
        {
            using var response = await reader.GetAsync("/api/papers?date=2024-05-01");
            return response.IsSuccessStatusCode ? (bool?)true : null;
        }, "the thawed instance to be taken back", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Requests_Are_Balanced_Over_Both_Instances_And_A_Killed_One_Is_Ejected_With_No_5xx_After()
    {
        var (extra, extraAddress) = platform.StartExtraInstance("catalogue", "catalogue-killed", new Dictionary<string, string>
        {
            // Its log then shows which requests it served.
            ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
        });
        await using var _ = extra;
        await TestHelpers.WaitForHealthAsync(extraAddress);
        await using var gateway = await GatewayUnderTest.StartAsync(platform, "gateway-balancing", new Dictionary<string, string>(FastHealthChecks)
        {
            ["ReverseProxy__Clusters__catalogue__Destinations__extra__Address"] = extraAddress.ToString(),
        });
        using var reader = await SignedInAsync(gateway);
        var marker = TestHelpers.UniqueWord();
        const int Before = 40;
        for (var read = 0; read < Before; read++)
        {
            using var response = await reader.GetAsync($"/api/papers?q={marker}");
            await response.EnsureStatusAsync(HttpStatusCode.OK);
        }
        var servedByExtra = File.ReadLines(extra.LogPath).Count(line => line.Contains("Request finished", StringComparison.Ordinal) && line.Contains(marker, StringComparison.Ordinal));
        Assert.InRange(servedByExtra, 1, Before - 1);

        // Four readers keep going while the extra instance is killed; a fifth watches /health.
        var results = new ConcurrentBag<(TimeSpan Started, HttpStatusCode Status)>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            using var http = await SignedInAsync(gateway);
            while (!stop.IsCancellationRequested)
            {
                var started = clock.Elapsed;
                using var response = await http.GetAsync($"/api/papers?q={marker}");
                results.Add((started, response.StatusCode));
            }
        })).ToArray();
        await Task.Delay(500);
        await extra.KillAsync();
        var ejectedAt = await TestHelpers.EventuallyAsync(async () =>
        {
            var health = await reader.GetFromJsonAsync<JsonElement>("/health");
            var catalogue = health.GetProperty("checks").EnumerateArray().Single(check => check.GetProperty("name").GetString() == "catalogue");
            return catalogue.GetProperty("description").GetString()!.StartsWith("1 of 2", StringComparison.Ordinal) ? clock.Elapsed : (TimeSpan?)null;
        }, "the killed instance to be ejected", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3));
        stop.Cancel();
        await Task.WhenAll(readers);

        var afterEjection = results.Where(result => result.Started > ejectedAt + TimeSpan.FromMilliseconds(500)).ToList();
        Assert.True(afterEjection.Count > 20, $"Only {afterEjection.Count} requests after the ejection.");
        Assert.All(afterEjection, result => Assert.Equal(HttpStatusCode.OK, result.Status));
    }

    /// <summary>Signed in, so that no answer comes from the gateway's cache: every request reaches an instance.</summary>
    private async Task<HttpClient> SignedInAsync(GatewayUnderTest gateway)
    {
        using var account = platform.CreateClient();
        await account.SignUpAndSignInAsync("reader");
        var http = gateway.Client(GatewayUnderTest.NewAddress());
        http.DefaultRequestHeaders.Authorization = account.Http.DefaultRequestHeaders.Authorization;
        return http;
    }
}
