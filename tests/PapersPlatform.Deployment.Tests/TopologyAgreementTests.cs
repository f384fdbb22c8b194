using System.Text.Json;
using System.Text.RegularExpressions;
using PapersPlatform.Testing;
using YamlDotNet.Serialization;

namespace PapersPlatform.Deployment.Tests;

/// <summary>
/// The list of services is still written in several places (docs/kubernetes.md, "Not done yet"):
/// until it comes from one description, each of them must name the same services as the
/// AppHost, or this fails and says which one drifted.
/// </summary>
public sealed partial class TopologyAgreementTests
{
    private static readonly string[] Expected = [.. TestEnvironment.Services.Order()];

    [Fact]
    public void The_AppHost_starts_the_services_the_tests_start()
    {
        var program = Read("deploy", "AppHost", "Program.cs");

        Agree("deploy/AppHost/Program.cs (AddService calls)", AddServiceCall().Matches(program).Select(match => match.Groups["name"].Value));
        Agree("deploy/AppHost/LocalSettings.cs (Services)", Quoted(ListAfter(Read("deploy", "AppHost", "LocalSettings.cs"), "Services =")));
    }

    [Fact]
    public void The_gateway_has_a_cluster_and_an_API_document_for_each_service()
    {
        using var settings = JsonDocument.Parse(Read("gateway", "appsettings.json"));
        var clusters = settings.RootElement.GetProperty("ReverseProxy").GetProperty("Clusters");

        Agree("gateway/appsettings.json (ReverseProxy:Clusters)", clusters.EnumerateObject().Select(cluster => cluster.Name));
        Assert.All(clusters.EnumerateObject(), cluster => Assert.Equal($"http://{cluster.Name}",
            cluster.Value.GetProperty("Destinations").EnumerateObject().Single().Value.GetProperty("Address").GetString()));
        Agree("gateway/Extensions/ApiReference.cs (Documents)", Quoted(ListAfter(Read("gateway", "Extensions", "ApiReference.cs"), "Documents =")));
    }

    [Fact]
    public void Compose_the_scripts_and_the_manifests_name_the_same_services()
    {
        var compose = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(Read("docker-compose.yml"));
        var composed = ((Dictionary<object, object>)compose["services"]).Keys.Cast<string>()
            .Where(name => name is not ("postgres" or "rabbitmq" or "dashboard" or "gateway"));
        Agree("docker-compose.yml (services)", composed);

        var initDatabase = Read("deploy", "scripts", "init-database.sh");
        Agree("deploy/scripts/init-database.sh (services=)", ShellArray().Match(initDatabase).Groups["items"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        var upScript = Read("deploy", "up.sh");
        Agree("deploy/up.sh (DB_PASSWORD_*)", PasswordName().Matches(upScript).Select(match => match.Groups["service"].Value.ToLowerInvariant()).Distinct());

        var kubernetes = Directory.GetDirectories(Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "kubernetes", "base"))
            .Where(directory => File.ReadAllText(Path.Combine(directory, "kustomization.yaml")).Contains("components/backend-service", StringComparison.Ordinal))
            .Select(Path.GetFileName);
        Agree("deploy/kubernetes/base (folders with the backend-service component)", kubernetes!);
    }

    private static void Agree(string where, IEnumerable<string> names)
    {
        var found = names.Order().ToArray();
        Assert.True(Expected.SequenceEqual(found),
            $"{where} names [{string.Join(", ", found)}]; the AppHost and the tests start [{string.Join(", ", Expected)}].");
    }

    private static string Read(params string[] path) => File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, Path.Combine(path)));

    /// <summary>The C# collection expression that follows <paramref name="marker"/>.</summary>
    private static string ListAfter(string source, string marker)
    {
        var start = source.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{marker}' not found");
        var open = source.IndexOf('[', start);
        return source[open..source.IndexOf(']', open)];
    }

    private static IEnumerable<string> Quoted(string list) => QuotedWord().Matches(list).Select(match => match.Groups[1].Value);

    [GeneratedRegex(@"AddService<Projects\.[A-Za-z_]+>\(""(?<name>[a-z]+)""")]
    private static partial Regex AddServiceCall();

    [GeneratedRegex(@"""([a-z]+)""")]
    private static partial Regex QuotedWord();

    [GeneratedRegex(@"^services=\((?<items>[a-z ]+)\)", RegexOptions.Multiline)]
    private static partial Regex ShellArray();

    [GeneratedRegex(@"DB_PASSWORD_(?<service>[A-Z]+)")]
    private static partial Regex PasswordName();
}
