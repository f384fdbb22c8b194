using System.Diagnostics;
using Xunit;

namespace PapersPlatform.Testing;

/// <summary>
/// The whole platform as a real run has it: every service and the gateway, each its own
/// process on its own loopback port, talking to the run's real Postgres (each with its own role)
/// and RabbitMQ, exporting traces to the run's dashboard. Tests reach it only through the gateway.
/// </summary>
public class PlatformFixture : IAsyncLifetime
{
    private readonly int _instancesPerService;

    /// <summary>One instance of everything: what the end-to-end tests need.</summary>
    public PlatformFixture() : this(1)
    {
    }

    /// <summary>Not public: xunit takes a collection fixture's only public constructor.</summary>
    protected PlatformFixture(int instancesPerService) => _instancesPerService = instancesPerService;

    /// <summary>
    /// Services that consume or publish (and so run outbox relays) and get extra instances: they
    /// compete for the same queues and outbox rows, and the gateway balances over all of them.
    /// </summary>
    public static readonly string[] ScaledServices = ["ingestion", "catalogue", "trending", "notification"];

    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(120);
    private readonly List<ServiceProcess> _processes = [];

    /// <summary>Every instance's address, per service: the gateway's destinations.</summary>
    private readonly Dictionary<string, List<string>> _instances = [];

    public Uri GatewayAddress { get; } = new($"http://127.0.0.1:{FreePort.Next()}");

    public IReadOnlyList<ServiceProcess> Processes => _processes;

    /// <summary>Each service's own address, behind the gateway (benchmarks compare the two).</summary>
    public IReadOnlyDictionary<string, Uri> ServiceAddresses { get; } =
        TestEnvironment.Services.ToDictionary(service => service, _ => new Uri($"http://127.0.0.1:{FreePort.Next()}"));

    /// <summary>Papers one user may submit per day in tests (production default: 50).</summary>
    public const int DailySubmissionLimit = 12;

    /// <summary>The one account allowed to bulk-import in tests.</summary>
    public const string ImporterName = "importer";

    private TestMailServer? _mail;

    /// <summary>false: the SMTP server only counts mails (for load); set before the fixture starts.</summary>
    public bool KeepMails { get; init; } = true;

    /// <summary>Settings for every process (services and gateways), over everything else: a benchmark's production values.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Every process runs from its ReadyToRun publish (bin/…/&lt;runtime&gt;/publish, made by
    /// <c>deploy/benchmark.sh startup</c>, compiled ahead of time as in the images) instead of its
    /// build output; set before the fixture starts.
    /// </summary>
    public bool ReadyToRun { get; init; }

    /// <summary>The SMTP server the notification service mails to.</summary>
    public TestMailServer Mail => _mail ??= new TestMailServer(KeepMails);

    /// <summary>A daily digest period in tests: short enough to see one end, long enough to fill it.</summary>
    public static readonly TimeSpan DigestPeriod = TimeSpan.FromSeconds(20);

    /// <summary>At most one keyword-alert mail per user in this time, in tests.</summary>
    public static readonly TimeSpan AlertInterval = TimeSpan.FromSeconds(3);

    public GatewayClient CreateClient() => new(GatewayAddress);

    public async Task InitializeAsync()
    {
        Mail.Start();
        var addresses = ServiceAddresses.ToDictionary(pair => pair.Key, pair => pair.Value.ToString().TrimEnd('/'));
        foreach (var service in TestEnvironment.Services)
        {
            _processes.Add(StartService(service, service, addresses[service]));
            _instances[service] = [addresses[service]];
        }
        foreach (var service in ScaledServices)
        {
            for (var instance = 2; instance <= _instancesPerService; instance++)
            {
                var address = $"http://127.0.0.1:{FreePort.Next()}";
                _processes.Add(StartService(service, $"{service}-{instance}", address));
                _instances[service].Add(address);
            }
        }
        _processes.Add(StartGatewayProcess("gateway", GatewayAddress, new Dictionary<string, string>()));
        await WaitUntilHealthyAsync();
    }

    /// <summary>
    /// The gateway's settings in tests: every instance of every service as a destination, and
    /// limits raised where load tests drive a few users hard. The strict limits are tested on a
    /// gateway of their own (<see cref="StartGateway"/>).
    /// </summary>
    private Dictionary<string, string> GatewayEnvironment(Uri address)
    {
        var gateway = CommonEnvironment("gateway");
        gateway["Urls"] = address.ToString();
        foreach (var (service, instances) in _instances)
        {
            for (var index = 0; index < instances.Count; index++)
            {
                // Found by service discovery: the cluster's destination is "http://<service>".
                gateway[$"services__{service}__http__{index}"] = instances[index];
            }
        }
        foreach (var limit in new[] { "Reads", "Writes", "Registrations", "SignIns", "FailedSignInsPerAddress" })
        {
            gateway[$"Gateway__RateLimits__{limit}__PermitLimit"] = "1000000";
        }
        // Tests poll anonymous reads for what they just wrote: keep what the cache holds fresh.
        gateway["Gateway__OutputCache__Duration"] = "00:00:01";
        return gateway;
    }

    private ServiceProcess StartGatewayProcess(string name, Uri address, IReadOnlyDictionary<string, string> settings)
    {
        var environment = GatewayEnvironment(address);
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }
        return Start(name, "gateway", "PapersPlatform.Gateway.dll", environment);
    }

    /// <summary>
    /// Starts another gateway in front of the same services, with its own settings (strict limits,
    /// short timeouts, other destinations), and waits until it is ready. The caller disposes it.
    /// </summary>
    /// <param name="waitForEveryService">false: only until it answers (a test that points it at a dead address).</param>
    public async Task<(ServiceProcess Process, Uri Address)> StartGatewayAsync(string name, IReadOnlyDictionary<string, string> settings, bool waitForEveryService = true)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var process = StartGatewayProcess(name, address, settings);
        try
        {
            await WaitUntilHealthyAsync(address, [process], waitForEveryService);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        return (process, address);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
        await Mail.DisposeAsync();
    }

    private Dictionary<string, string> CommonEnvironment(string service)
    {
        var environment = new Dictionary<string, string>
        {
            ["OTEL_SERVICE_NAME"] = service,
            // Loopback only, as in a local run; production keeps the default (HTTPS required).
            ["Auth__RequireHttpsMetadata"] = "false",
            // "Sign out everywhere" reaches every service within a second (production: 10 s).
            ["Auth__TokenCheckSeconds"] = "1",
            // Timestamps in TestResults/logs/, to line a failure up with the faults.
            ["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ",
            // Export often so that a test reading the dashboard does not wait long.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
            // Retries spaced for a test run (seconds, not a minute) before a message is dead-lettered.
            ["Messaging__DelayedRetries__0"] = "00:00:00.5",
            ["Messaging__DelayedRetries__1"] = "00:00:02",
            ["Messaging__DelayedRetries__2"] = "00:00:05",
            // Small enough for a test to reach; the importer account is exempt.
            ["Submissions__DailyPerUser"] = DailySubmissionLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Submissions__Importers__0"] = ImporterName,
        };
        // Every service by name (service discovery), at its first instance: the accounts service for
        // token checks, and the calls between services the AppHost refers (the embeddings service's
        // backfill reads the catalogue, the catalogue's hybrid search asks the embeddings service).
        foreach (var (name, address) in ServiceAddresses)
        {
            environment[$"services__{name}__http__0"] = address.ToString().TrimEnd('/');
        }
        if (TestEnvironment.OtlpEndpoint is { } otlp)
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
        }
        return environment;
    }

    /// <summary>
    /// Starts one more instance of a service on its own port, consuming the same queues as the
    /// first (competing consumers); the gateway does not route to it. The caller disposes it.
    /// </summary>
    /// <param name="settings">Configuration to change for this instance, as environment variables.</param>
    public (ServiceProcess Process, Uri Address) StartExtraInstance(string service, string name, IReadOnlyDictionary<string, string>? settings = null)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        return (StartService(service, name, address.ToString().TrimEnd('/'), settings), address);
    }

    /// <summary>
    /// Stops a service's first instance and starts it again at the same address with other
    /// settings (a benchmark comparing two settings through the same gateway), until the gateway
    /// finds every service ready again.
    /// </summary>
    public async Task RestartAsync(string service, IReadOnlyDictionary<string, string> settings)
    {
        var index = _processes.FindIndex(process => process.Name == service);
        await _processes[index].DisposeAsync();
        _processes[index] = StartService(service, service, _instances[service][0], settings);
        await WaitUntilHealthyAsync();
    }

    private ServiceProcess StartService(string service, string name, string address, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = CommonEnvironment(service);
        environment["Urls"] = address;
        environment["ConnectionStrings__Postgres"] = TestEnvironment.ConnectionStringFor(service);
        environment["ConnectionStrings__RabbitMq"] = TestEnvironment.RabbitMq;
        if (service == "notification")
        {
            AddMailSettings(environment);
        }
        // Last: a test's own settings win over every default, connection strings included.
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        return Start(name, $"services/{Capitalize(service)}", $"PapersPlatform.{Capitalize(service)}.dll", environment);
    }

    private void AddMailSettings(Dictionary<string, string> environment)
    {
        static string Seconds(TimeSpan span) => span.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        environment["Mail__SmtpHost"] = "127.0.0.1";
        environment["Mail__SmtpPort"] = Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Mail__SiteUrl"] = GatewayAddress.ToString();
        environment["Mail__UnsubscribeKey"] = "test-unsubscribe-key-of-at-least-32-characters";
        environment["Mail__PollInterval"] = Seconds(TimeSpan.FromMilliseconds(500));
        environment["Mail__RetryDelay"] = Seconds(TimeSpan.FromSeconds(1));
        environment["Mail__MaxRetryDelay"] = Seconds(TimeSpan.FromSeconds(2));
        environment["Mail__AlertInterval"] = Seconds(AlertInterval);
        environment["Mail__DailyPeriod"] = Seconds(DigestPeriod);
    }

    private ServiceProcess Start(string name, string projectFolder, string assembly, Dictionary<string, string> environment)
    {
        foreach (var (key, value) in Settings)
        {
            environment[key] = value;
        }
        var output = Path.Combine(TestEnvironment.RepositoryRoot, projectFolder, "bin", TestEnvironment.Configuration, "net10.0");
        var path = ReadyToRun
            ? Path.Combine(output, System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, "publish", assembly)
            : Path.Combine(output, assembly);
        var process = new ServiceProcess(name, path, environment);
        process.Start();
        return process;
    }

    /// <summary>
    /// Until every instance is ready by its own /health (migrated, connected to the broker), and the
    /// gateway reports every instance answering (Healthy, not only 200: a Degraded gateway answers 200).
    /// </summary>
    public async Task WaitUntilHealthyAsync()
    {
        await WaitUntilHealthyAsync(GatewayAddress, _processes);
        await Task.WhenAll(_instances.Values.SelectMany(addresses => addresses).Select(address => TestHelpers.WaitForHealthAsync(new Uri(address))));
    }

    private static async Task WaitUntilHealthyAsync(Uri gateway, IReadOnlyList<ServiceProcess> processes, bool waitForEveryService = true)
    {
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < StartupTimeout)
        {
            if (processes.FirstOrDefault(process => process.HasExited) is { } crashed)
            {
                throw new InvalidOperationException($"{crashed.Name} exited during start-up:\n{crashed.Tail()}");
            }
            try
            {
                using var response = await http.GetAsync("/health");
                last = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode && (!waitForEveryService || System.Text.Json.JsonDocument.Parse(last).RootElement.GetProperty("status").GetString() == "Healthy"))
                {
                    return;
                }
            }
            catch (HttpRequestException exception)
            {
                last = exception.Message;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The platform was not healthy after {StartupTimeout}: {last}\n"
            + string.Join("\n", processes.Select(process => $"--- {process.Name}\n{process.Tail(10)}")));
    }

    private static string Capitalize(string service) => char.ToUpperInvariant(service[0]) + service[1..];
}

/// <summary>Two instances of every service that consumes or relays, as production runs them (the fault tests).</summary>
public sealed class TwoInstancesPlatform() : PlatformFixture(instancesPerService: 2);
