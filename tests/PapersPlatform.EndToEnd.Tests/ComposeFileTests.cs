using System.Diagnostics;
using System.Text.Json;

namespace PapersPlatform.EndToEnd.Tests;

/// <summary>
/// docker-compose.yml cannot be run here (no Docker engine), so it is validated without one:
/// `docker-compose config` resolves and checks it as `up` would read it.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly string[] PlatformServices = [.. TestEnvironment.Services, "gateway"];

    [Fact]
    public async Task ComposeFile_IsValidAndPublishesOnlyGatewayAndDashboard()
    {
        var services = (await ResolvedComposeAsync()).GetProperty("services");

        Assert.Equal(
            PlatformServices.Concat(["dashboard", "postgres", "rabbitmq"]).Order(),
            services.EnumerateObject().Select(service => service.Name).Order());
        var published = services.EnumerateObject().Where(service => service.Value.TryGetProperty("ports", out _)).Select(service => service.Name);
        Assert.Equal(["dashboard", "gateway"], published.Order());
    }

    [Fact]
    public async Task ComposeFile_KeepsServicesOnAnInternalNetwork()
    {
        var compose = await ResolvedComposeAsync();

        Assert.True(compose.GetProperty("networks").GetProperty("backend").GetProperty("internal").GetBoolean());
        foreach (var name in PlatformServices.Except(["gateway"]))
        {
            var networks = compose.GetProperty("services").GetProperty(name).GetProperty("networks").EnumerateObject().Select(network => network.Name);
            Assert.Equal(["backend"], networks);
        }
    }

    [Fact]
    public async Task ComposeFile_FiltersTheGatewaysHosts_AndLetsOnlyTheInternalNetworkForwardHeadersToServices()
    {
        var services = (await ResolvedComposeAsync()).GetProperty("services");

        Assert.Equal("localhost", services.GetProperty("gateway").GetProperty("environment").GetProperty("AllowedHosts").GetString());
        Assert.False(services.GetProperty("gateway").GetProperty("environment").TryGetProperty("ForwardedHeaders__TrustedNetworks__0", out _),
            "The public gateway trusts no forwarding proxy unless one is configured.");
        foreach (var name in PlatformServices.Except(["gateway"]))
        {
            var environment = services.GetProperty(name).GetProperty("environment");
            Assert.Equal("172.16.0.0/12", environment.GetProperty("ForwardedHeaders__TrustedNetworks__1").GetString());
        }
    }

    [Fact]
    public async Task ComposeFile_BuildsEveryServiceFromAMultiStageNonRootImage()
    {
        var services = (await ResolvedComposeAsync()).GetProperty("services");

        foreach (var name in PlatformServices)
        {
            var build = services.GetProperty(name).GetProperty("build");
            var dockerfile = Path.Combine(TestEnvironment.RepositoryRoot, build.GetProperty("dockerfile").GetString()!);
            var project = build.GetProperty("args").GetProperty("PROJECT").GetString()!;
            Assert.True(File.Exists(Path.Combine(TestEnvironment.RepositoryRoot, project)), $"{name}: {project} does not exist");
            var lines = await File.ReadAllLinesAsync(dockerfile);
            Assert.True(lines.Count(line => line.StartsWith("FROM ", StringComparison.Ordinal)) >= 2, $"{dockerfile} is not multi-stage");
            Assert.Contains(lines, line => line.StartsWith("USER $APP_UID", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task ComposeFile_RunsAsManyInstancesOfEveryServiceAsReplicasSays()
    {
        var services = (await ResolvedComposeAsync(new() { ["REPLICAS"] = "3" })).GetProperty("services");

        foreach (var name in PlatformServices.Except(["gateway"]))
        {
            Assert.Equal(3, services.GetProperty(name).GetProperty("deploy").GetProperty("replicas").GetInt32());
        }
    }

    /// <summary>The compose file as `docker-compose config` resolves it, with the example secrets.</summary>
    private static async Task<JsonElement> ResolvedComposeAsync(Dictionary<string, string>? settings = null)
    {
        var environment = ExampleEnvironment();
        foreach (var (key, value) in settings ?? [])
        {
            environment[key] = value;
        }
        var config = await RunAsync("docker-compose", ["-f", "docker-compose.yml", "config"], environment);
        // docker-compose 1.x prints YAML only; Debian's docker-compose depends on python3-yaml.
        var json = await RunAsync("python3", ["-c", "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)"], [], config);
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    private static Dictionary<string, string> ExampleEnvironment() =>
        File.ReadAllLines(Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "compose.env.example"))
            .Where(line => line.Contains('=') && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1]);

    private static async Task<string> RunAsync(string command, string[] arguments, Dictionary<string, string> environment, string? input = null)
    {
        var start = new ProcessStartInfo(command, arguments)
        {
            WorkingDirectory = TestEnvironment.RepositoryRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start");
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await errors}");
        return await output;
    }
}
