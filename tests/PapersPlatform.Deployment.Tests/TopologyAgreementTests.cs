using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using PapersPlatform.Testing;
using YamlDotNet.Serialization;

namespace PapersPlatform.Deployment.Tests;

/// <summary>
/// The AppHost's AddService calls are the topology; the tests and the scripts take the list from
/// the services' folders (TestEnvironment.Services, deploy/scripts/test-infra.sh) and the AppHost
/// hands it to init-database.sh and the gateway. Compose and the Kubernetes manifests, which
/// describe each service for another engine, are written from it by
/// deploy/scripts/write-topology.sh: this fails, saying which one drifted, when they are not.
/// </summary>
public sealed partial class TopologyAgreementTests
{
    private static readonly string[] Expected = [.. TestEnvironment.Services.Order()];

    [Fact]
    public void The_AppHost_starts_the_services_the_tests_start()
    {
        var program = Read("deploy", "AppHost", "Program.cs");

        Agree("deploy/AppHost/Program.cs (AddService calls)", AddServiceCall().Matches(program).Select(match => match.Groups["name"].Value));
    }

    [Fact]
    public void The_gateway_reaches_each_service_by_its_name_only()
    {
        using var settings = JsonDocument.Parse(Read("gateway", "appsettings.json"));
        var clusters = settings.RootElement.GetProperty("ReverseProxy").GetProperty("Clusters").EnumerateObject().ToArray();

        // Not every service need be public (a worker has no routes), but every cluster is a service,
        // found by service discovery: no address of a service is written in the gateway's settings.
        Assert.All(clusters, cluster => Assert.Contains(cluster.Name, Expected));
        Assert.All(clusters, cluster => Assert.Equal($"http://{cluster.Name}",
            cluster.Value.GetProperty("Destinations").EnumerateObject().Single().Value.GetProperty("Address").GetString()));
    }

    [Fact]
    public void No_service_writes_down_where_another_one_runs()
    {
        // Services find the accounts service (and the gateway every service) by name: an address
        // in a service's settings would be one more copy of the topology to keep in step.
        var settingsFiles = Expected.Select(service => Path.Combine("services", Capitalize(service), "appsettings.json"))
            .Append(Path.Combine("gateway", "appsettings.json"))
            .Where(file => File.Exists(Path.Combine(TestEnvironment.RepositoryRoot, file)));
        Assert.All(settingsFiles, file => Assert.DoesNotMatch(LoopbackAddress(), Read(file)));
    }

    [Fact]
    public void Compose_the_scripts_and_the_manifests_name_the_same_services()
    {
        var compose = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(Read("docker-compose.yml"));
        var composed = ((Dictionary<object, object>)compose["services"]).Keys.Cast<string>()
            .Where(name => name is not ("postgres" or "rabbitmq" or "dashboard" or "gateway"));
        Agree("docker-compose.yml (services)", composed);

        Agree("docker-compose.yml (DB_PASSWORD_* of the postgres service)", PasswordName().Matches(Read("docker-compose.yml"))
            .Select(match => match.Groups["service"].Value.ToLowerInvariant()).Distinct());

        var kubernetes = Directory.GetDirectories(Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "kubernetes", "base"))
            .Where(directory => File.ReadAllText(Path.Combine(directory, "kustomization.yaml")).Contains("components/backend-service", StringComparison.Ordinal))
            .Select(Path.GetFileName);
        Agree("deploy/kubernetes/base (folders with the backend-service component)", kubernetes!);
    }

    [Fact]
    public async Task Compose_and_the_manifests_are_what_write_topology_writes_from_the_AppHost()
    {
        // Not only the names: every line compose and the manifests hold per service (passwords,
        // images, roles, the gateway's addresses) comes from the AppHost's list by this script.
        var start = new ProcessStartInfo("bash", ["deploy/scripts/write-topology.sh", "--check"])
        {
            WorkingDirectory = TestEnvironment.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var (output, error) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"{await output}{await error}");
    }

    private static void Agree(string where, IEnumerable<string> names)
    {
        var found = names.Order().ToArray();
        Assert.True(Expected.SequenceEqual(found),
            $"{where} names [{string.Join(", ", found)}]; the AppHost and the tests start [{string.Join(", ", Expected)}].");
    }

    private static string Read(params string[] path) => File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, Path.Combine(path)));

    private static string Capitalize(string service) => char.ToUpperInvariant(service[0]) + service[1..];

    [GeneratedRegex(@"AddService<Projects\.[A-Za-z_]+>\(""(?<name>[a-z]+)""")]
    private static partial Regex AddServiceCall();

    [GeneratedRegex(@"(127\.0\.0\.1|localhost):\d+")]
    private static partial Regex LoopbackAddress();

    [GeneratedRegex(@"DB_PASSWORD_(?<service>[A-Z]+)")]
    private static partial Regex PasswordName();
}
