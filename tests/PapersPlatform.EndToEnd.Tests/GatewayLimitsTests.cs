using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using PapersPlatform.Testing;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>Body limits and rate limits, enforced by the gateway before anything reaches a service.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayLimitsTests(PlatformFixture platform)
{
    [Fact]
    public async Task TwelveMegabyteSubmission_Is413Problem_NotA502()
    {
        using var client = platform.CreateClient();
        await client.SignUpAndSignInAsync();
        using var body = new ByteArrayContent(new byte[12 * 1024 * 1024]);
        body.Headers.ContentType = new("application/json");

        using var response = await client.Http.PostAsync("/api/papers", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("262,144 bytes", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AnnouncedOversizedBody_IsRefusedBeforeTheBodyIsSent()
    {
        // Headers that announce 1 MiB, then nothing: a gateway that forwarded would wait for the
        // body (or the service's 413 would come back as a 502); it must answer at once instead.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(platform.GatewayAddress.Host, platform.GatewayAddress.Port);
        var stream = tcp.GetStream();
        var head = $"POST /api/accounts HTTP/1.1\r\nHost: {platform.GatewayAddress.Authority}\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n{{";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        // Read until the problem body is in (it may come in more than one read), or the gateway closes.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[4096];
        var answer = "";
        for (int read; !answer.Contains("bytes;", StringComparison.Ordinal) && (read = await stream.ReadAsync(buffer, timeout.Token)) > 0;)
        {
            answer += Encoding.ASCII.GetString(buffer, 0, read);
        }

        Assert.StartsWith("HTTP/1.1 413", answer);
        Assert.Contains("application/problem+json", answer);
        Assert.Contains("16,384 bytes", answer);
    }

    [Fact]
    public async Task WrongPasswords_For_One_Account_From_Many_Addresses_Turn_Into_429_And_The_Right_Password_Works_After_The_Window()
    {
        using var owner = platform.CreateClient();
        var name = await owner.SignUpAndSignInAsync("guessed");
        await using var gateway = await GatewayUnderTest.StartAsync(platform, "gateway-sign-ins", new Dictionary<string, string>
        {
            ["Gateway__RateLimits__FailedSignInsPerAccount__PermitLimit"] = "3",
            // Long enough for three password checks on a loaded machine to fall in one window.
            ["Gateway__RateLimits__FailedSignInsPerAccount__Window"] = "00:00:15",
        });

        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var guessing = gateway.Client(GatewayUnderTest.NewAddress());
            using var wrong = await GatewayUnderTest.SignInAsync(guessing, name, $"guess-{attempt}");
            await wrong.EnsureStatusAsync(HttpStatusCode.Unauthorized);
        }
        using var fromElsewhere = gateway.Client(GatewayUnderTest.NewAddress());
        using var refused = await GatewayUnderTest.SignInAsync(fromElsewhere, name, "guess-4");
        using var rightButPaused = await GatewayUnderTest.SignInAsync(fromElsewhere, name, owner.Password!);
        using var webSignIn = await fromElsewhere.PostAsJsonAsync("/api/session", new { username = name.ToUpperInvariant(), password = owner.Password });

        await AssertTooManyAsync(refused, "this account");
        await AssertTooManyAsync(rightButPaused, "this account");
        await AssertTooManyAsync(webSignIn, "this account");
        var wait = rightButPaused.Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(wait.TotalSeconds, 1, 15);

        await Task.Delay(wait + TimeSpan.FromMilliseconds(500));
        using var afterTheWindow = await GatewayUnderTest.SignInAsync(fromElsewhere, name, owner.Password!);
        await afterTheWindow.EnsureStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Guesses_Sent_At_Once_Are_Counted_One_By_One_And_A_Name_Given_Twice_Is_Refused()
    {
        using var owner = platform.CreateClient();
        var name = await owner.SignUpAndSignInAsync("parallel");
        await using var gateway = await GatewayUnderTest.StartAsync(platform, "gateway-parallel-guesses", new Dictionary<string, string>
        {
            ["Gateway__RateLimits__FailedSignInsPerAccount__PermitLimit"] = "3",
            ["Gateway__RateLimits__FailedSignInsPerAccount__Window"] = "00:05:00",
        });

        var guesses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async guess =>
        {
            using var guesser = gateway.Client(GatewayUnderTest.NewAddress());
            using var response = await GatewayUnderTest.SignInAsync(guesser, name, $"parallel-guess-{guess}");
            return response.StatusCode;
        }));
        // The service's deserializer takes the last of two names, a reader the first: such a body is not passed on.
        using var smuggler = gateway.Client(GatewayUnderTest.NewAddress());
        using var twice = await smuggler.PostAsync("/api/accounts/token", new StringContent(
            $$"""{"username":"decoy-{{Guid.NewGuid():N}}","username":"{{name}}","password":"guess"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(3, guesses.Count(status => status == HttpStatusCode.Unauthorized));
        Assert.Equal(7, guesses.Count(status => status == HttpStatusCode.TooManyRequests));
        await twice.EnsureStatusAsync(HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", twice.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task WrongPasswords_From_One_Address_For_Many_Accounts_Turn_Into_429_For_That_Address_Only()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(platform, "gateway-failed-address", new Dictionary<string, string>
        {
            ["Gateway__RateLimits__FailedSignInsPerAddress__PermitLimit"] = "4",
            ["Gateway__RateLimits__FailedSignInsPerAddress__Window"] = "00:01:00",
        });
        using var guesser = gateway.Client(GatewayUnderTest.NewAddress());
        for (var account = 0; account < 4; account++)
        {
            using var wrong = await GatewayUnderTest.SignInAsync(guesser, $"nobody-{Guid.NewGuid():N}"[..20], "password-guess");
            await wrong.EnsureStatusAsync(HttpStatusCode.Unauthorized);
        }

        using var refused = await GatewayUnderTest.SignInAsync(guesser, $"nobody-{Guid.NewGuid():N}"[..20], "password-guess");
        using var someoneElse = gateway.Client(GatewayUnderTest.NewAddress());
        using var elsewhere = await GatewayUnderTest.SignInAsync(someoneElse, $"nobody-{Guid.NewGuid():N}"[..20], "password-guess");

        await AssertTooManyAsync(refused, "this address");
        await elsewhere.EnsureStatusAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Registrations_From_One_Address_Are_Limited_And_Another_Address_Is_Not()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(platform, "gateway-registrations", new Dictionary<string, string>
        {
            ["Gateway__RateLimits__Registrations__PermitLimit"] = "2",
        });
        var address = GatewayUnderTest.NewAddress();
        for (var account = 0; account < 2; account++)
        {
            using var signUp = gateway.Client(address);
            using var created = await RegisterAsync(signUp);
            await created.EnsureStatusAsync(HttpStatusCode.Created);
        }
        using var again = gateway.Client(address);
        using var refused = await RegisterAsync(again);
        using var other = gateway.Client(GatewayUnderTest.NewAddress());
        using var elsewhere = await RegisterAsync(other);

        await AssertTooManyAsync(refused, "accounts were created from this address");
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(1), "A registration window lasts an hour by default.");
        await elsewhere.EnsureStatusAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task ForwardedAddress_IsBelieved_Only_From_A_Trusted_Proxy()
    {
        // The shared gateway's configuration trusts no proxy: X-Forwarded-For cannot make one client two.
        await using var gateway = await GatewayUnderTest.StartAsync(platform, "gateway-untrusting", new Dictionary<string, string>
        {
            ["Gateway__RateLimits__Registrations__PermitLimit"] = "1",
        }, trustLoopbackProxy: false);
        using var first = gateway.Client(GatewayUnderTest.NewAddress());
        using var second = gateway.Client(GatewayUnderTest.NewAddress());

        using var created = await RegisterAsync(first);
        using var refused = await RegisterAsync(second);

        await created.EnsureStatusAsync(HttpStatusCode.Created);
        await AssertTooManyAsync(refused, "accounts were created from this address");
    }

    [Fact]
    public async Task Reads_Are_Limited_Per_Address_And_A_Signed_In_User_Counts_As_Themselves()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(platform, "gateway-reads", new Dictionary<string, string>
        {
            ["Gateway__RateLimits__Reads__PermitLimit"] = "5",
            ["Gateway__RateLimits__Reads__Window"] = "00:01:00",
        });
        var address = GatewayUnderTest.NewAddress();
        using var anonymous = gateway.Client(address);
        for (var read = 0; read < 5; read++)
        {
            using var allowed = await anonymous.GetAsync("/api/trending?window=all&limit=1");
            await allowed.EnsureStatusAsync(HttpStatusCode.OK);
        }
        using var signedUp = platform.CreateClient();
        await signedUp.SignUpAndSignInAsync("reader");
        using var signedIn = gateway.Client(address);
        signedIn.DefaultRequestHeaders.Authorization = signedUp.Http.DefaultRequestHeaders.Authorization;

        using var refused = await anonymous.GetAsync("/api/trending?window=all&limit=1");
        using var ownAllowance = await signedIn.GetAsync("/api/trending?window=all&limit=1");

        await AssertTooManyAsync(refused, "more requests than the site allows");
        await ownAllowance.EnsureStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Limits_Change_When_The_Settings_File_Changes_Without_A_Restart()
    {
        var file = Path.Combine(Path.GetTempPath(), $"gateway-settings-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, ReadLimit(2));
        try
        {
            await using var gateway = await GatewayUnderTest.StartAsync(platform, "gateway-reload", new Dictionary<string, string>
            {
                ["Gateway__SettingsFile"] = file,
            });
            using var before = gateway.Client(GatewayUnderTest.NewAddress());
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], await ReadTimesAsync(before, 3));

            await File.WriteAllTextAsync(file, ReadLimit(20));

            await TestHelpers.EventuallyAsync(async () =>
            {
                using var after = gateway.Client(GatewayUnderTest.NewAddress());
                return (await ReadTimesAsync(after, 3)).All(status => status == HttpStatusCode.OK) ? (bool?)true : null;
            }, "the raised limit to apply", TimeSpan.FromSeconds(15));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task LiveStreams_Are_Limited_Per_User_And_Outlive_The_Request_Timeout()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(platform, "gateway-streams", new Dictionary<string, string>
        {
            ["Gateway__RateLimits__StreamsPerUser"] = "2",
            ["Gateway__Proxy__DefaultTimeout"] = "00:00:01",
        });
        using var user = await NotificationTests.AuthorAsync(platform);
        var arxivId = await NotificationTests.SubmitAsync(user, "A paper for a long-lived stream");
        await user.WaitForPaperAsync(arxivId);
        using var http = gateway.Client();
        http.DefaultRequestHeaders.Authorization = user.Http.DefaultRequestHeaders.Authorization;
        http.Timeout = Timeout.InfiniteTimeSpan;
        var streamAddress = new Uri(gateway.Address, "/api/notifications/stream");
        await using var first = await EventStream.OpenAsync(http, streamAddress);
        await using var second = await EventStream.OpenAsync(http, streamAddress);

        // As a browser's EventSource asks: the refusal is problem+json all the same.
        using var thirdRequest = new HttpRequestMessage(HttpMethod.Get, streamAddress);
        thirdRequest.Headers.Accept.ParseAdd("text/event-stream");
        using var third = await http.SendAsync(thirdRequest, HttpCompletionOption.ResponseHeadersRead);
        await AssertTooManyAsync(third, "live notification streams");

        await Task.Delay(TimeSpan.FromSeconds(2)); // past every route's timeout: streams have none
        using var voter = platform.CreateClient();
        await voter.SignUpAndSignInAsync("voter");
        (await voter.Http.PostAsync($"/api/papers/{arxivId}/upvote", null)).Dispose();
        var (item, _) = await first.NextAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(arxivId, JsonDocument.Parse(item.Data).RootElement.GetProperty("arxivId").GetString());
    }

    private static string ReadLimit(int permits) =>
        JsonSerializer.Serialize(new { Gateway = new { RateLimits = new { Reads = new { PermitLimit = permits, Window = "00:01:00" } } } });

    private static async Task<HttpStatusCode[]> ReadTimesAsync(HttpClient client, int times)
    {
        var statuses = new List<HttpStatusCode>();
        for (var read = 0; read < times; read++)
        {
            using var response = await client.GetAsync("/api/trending?window=all&limit=1");
            statuses.Add(response.StatusCode);
        }
        return [.. statuses];
    }

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient client)
    {
        var username = $"signup-{Guid.NewGuid():N}"[..20];
        return client.PostAsJsonAsync("/api/accounts", new { username, email = $"{username}@example.com", password = "long-enough-password" });
    }

    internal static async Task AssertTooManyAsync(HttpResponseMessage response, string saying)
    {
        await response.EnsureStatusAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "A 429 says when to try again.");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(saying, problem.GetProperty("detail").GetString());
    }
}
