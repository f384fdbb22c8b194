using System.Net.Http.Json;
using PapersPlatform.Testing;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>
/// A gateway of a test's own in front of the platform's services, with settings the shared one
/// must not have (strict limits, short timeouts, other destinations). It trusts loopback as a
/// proxy, so each test client can say which address it comes from (X-Forwarded-For).
/// </summary>
public sealed class GatewayUnderTest : IAsyncDisposable
{
    private readonly ServiceProcess _process;

    private GatewayUnderTest(ServiceProcess process, Uri address) => (_process, Address) = (process, address);

    public Uri Address { get; }

    public static async Task<GatewayUnderTest> StartAsync(PlatformFixture platform, string name, IReadOnlyDictionary<string, string> settings, bool trustLoopbackProxy = true, bool waitForEveryService = true)
    {
        var all = new Dictionary<string, string>(settings);
        if (trustLoopbackProxy)
        {
            all["ForwardedHeaders__TrustedProxies__0"] = "127.0.0.1";
        }
        var (process, address) = await platform.StartGatewayAsync(name, all, waitForEveryService);
        return new GatewayUnderTest(process, address);
    }

    /// <summary>A client that says it comes from <paramref name="address"/> (believed only if loopback is trusted).</summary>
    public HttpClient Client(string address = "198.51.100.1")
    {
        var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return http;
    }

    /// <summary>A made-up client address (TEST-NET-2) no other test uses.</summary>
    public static string NewAddress() => $"198.51.{Random.Shared.Next(0, 256)}.{Random.Shared.Next(1, 255)}";

    public static Task<HttpResponseMessage> SignInAsync(HttpClient http, string username, string password) =>
        http.PostAsJsonAsync("/api/accounts/token", new { username, password });

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
