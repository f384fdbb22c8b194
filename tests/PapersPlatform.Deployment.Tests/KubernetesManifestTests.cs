using System.Text.RegularExpressions;
using k8s.Models;
using PapersPlatform.Testing;

namespace PapersPlatform.Deployment.Tests;

/// <summary>
/// deploy/kubernetes checked without a cluster: every overlay renders, every object is one the
/// Kubernetes API accepts, and the rules of docs/kubernetes.md hold (probes, limits, non-root,
/// only the gateway exposed, replicated data, no secret written down).
/// </summary>
public sealed partial class KubernetesManifestTests
{
    public static TheoryData<string> Overlays => new() { "local", "production" };

    /// <summary>Every Deployment of the platform: the services the tests start, and the gateway.</summary>
    private static readonly string[] Workloads = [.. TestEnvironment.Services, "gateway"];

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_object_of_the_overlay_is_valid_for_the_Kubernetes_API(string overlay)
    {
        var rendered = RenderedOverlay.Render(overlay);

        Assert.Empty(rendered.Errors);
        Assert.NotEmpty(rendered.Objects);
        Assert.Equal(RenderedOverlay.CustomKinds.Count, rendered.CustomResources.Count);
    }

    [Fact]
    public void A_field_the_API_does_not_have_is_caught()
    {
        var deployment = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: typo
            spec:
              replcias: 2
              selector: { matchLabels: { app: typo } }
              template:
                metadata: { labels: { app: typo } }
                spec: { containers: [ { name: api, image: example } ] }
            """;
        var wrongType = """
            apiVersion: v1
            kind: Service
            metadata:
              name: wrong
            spec:
              ports: { port: 8080 }
            """;

        var rendered = RenderedOverlay.Read("broken", $"{deployment}\n---\n{wrongType}");

        Assert.Equal(2, rendered.Errors.Count);
        Assert.Contains(rendered.Errors, error => error.Contains("typo", StringComparison.Ordinal));
        Assert.Contains(rendered.Errors, error => error.Contains("wrong", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_service_and_the_gateway_has_a_deployment_a_service_a_disruption_budget_and_an_autoscaler(string overlay)
    {
        var rendered = RenderedOverlay.Render(overlay);

        var expected = Workloads.Select(name => $"{name}-api").Order().ToArray();
        Assert.Equal(expected, rendered.All<V1Deployment>().Select(deployment => deployment.Name()).Order());
        Assert.Equal(expected, rendered.All<V1Service>().Select(service => service.Name()).Order());
        Assert.Equal(expected, rendered.All<V2HorizontalPodAutoscaler>().Select(autoscaler => autoscaler.Spec.ScaleTargetRef.Name).Order());
        foreach (var deployment in rendered.All<V1Deployment>())
        {
            var labels = deployment.Spec.Template.Metadata.Labels;
            Assert.Contains(rendered.All<V1PodDisruptionBudget>(), budget =>
                budget.Spec.Selector.MatchLabels.All(label => labels.TryGetValue(label.Key, out var value) && value == label.Value));
            Assert.Contains(rendered.All<V1Service>(), service =>
                service.Name() == deployment.Name() && service.Spec.Selector.All(label => labels.TryGetValue(label.Key, out var value) && value == label.Value));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_pod_has_probes_and_limits_and_runs_as_non_root_on_a_read_only_file_system(string overlay)
    {
        var rendered = RenderedOverlay.Render(overlay);

        foreach (var deployment in rendered.All<V1Deployment>())
        {
            var pod = deployment.Spec.Template.Spec;
            Assert.True(pod.SecurityContext?.RunAsNonRoot, $"{deployment.Name()} may run as root");
            Assert.False(pod.AutomountServiceAccountToken, $"{deployment.Name()} mounts a service account token it does not use");
            foreach (var container in pod.Containers)
            {
                var where = $"{deployment.Name()}/{container.Name}";
                Assert.True(container.LivenessProbe?.HttpGet?.Path == "/alive", $"{where}: liveness is not /alive");
                Assert.True(container.ReadinessProbe?.HttpGet?.Path == "/health", $"{where}: readiness is not /health");
                Assert.NotNull(container.StartupProbe);
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    Assert.True(container.Resources?.Requests?.ContainsKey(resource) == true, $"{where}: no {resource} request");
                    Assert.True(container.Resources?.Limits?.ContainsKey(resource) == true, $"{where}: no {resource} limit");
                }
                Assert.True(container.SecurityContext?.ReadOnlyRootFilesystem, $"{where}: root file system is writable");
                Assert.False(container.SecurityContext?.AllowPrivilegeEscalation ?? true, $"{where}: may escalate privileges");
                Assert.Contains("ALL", container.SecurityContext?.Capabilities?.Drop ?? Enumerable.Empty<string>());
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void The_embeddings_service_gets_the_memory_its_models_and_vectors_need(string overlay)
    {
        // Three copies of the model and every vector: 0.8 GB at 10,000 papers (docs/search.md).
        // A patch sizing every Deployment alike must not shrink it back.
        var embeddings = RenderedOverlay.Render(overlay).All<V1Deployment>().Single(deployment => deployment.Name() == "embeddings-api");

        var limit = embeddings.Spec.Template.Spec.Containers[0].Resources.Limits["memory"].ToInt64();

        Assert.True(limit >= 1L << 30, $"embeddings-api may use {limit / (1 << 20)} MiB; it needs at least 1 GiB");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Only_the_gateway_is_reachable_from_outside_and_only_the_services_reach_the_data(string overlay)
    {
        var rendered = RenderedOverlay.Render(overlay);

        var ingress = Assert.Single(rendered.All<V1Ingress>());
        var backends = ingress.Spec.Rules.SelectMany(rule => rule.Http.Paths).Select(path => path.Backend.Service.Name).Distinct();
        Assert.Equal(new[] { "gateway-api" }, backends);
        Assert.All(rendered.All<V1Service>(), service => Assert.Equal("ClusterIP", service.Spec.Type));

        var policies = rendered.All<V1NetworkPolicy>().ToList();
        Assert.Contains(policies, policy => policy.Spec.PodSelector.MatchLabels is null or { Count: 0 }
            && policy.Spec.PolicyTypes.Contains("Ingress") && policy.Spec.Ingress is null or { Count: 0 });
        // Whom each policy lets in on the application's own port.
        string[] AllowedOnto(string label, string value, int port) => [.. policies
            .Where(policy => policy.Spec.PodSelector.MatchLabels?.TryGetValue(label, out var selected) == true && selected == value)
            .SelectMany(policy => policy.Spec.Ingress ?? Enumerable.Empty<V1NetworkPolicyIngressRule>())
            .Where(rule => rule.Ports?.Any(allowed => allowed.Port.Value == port.ToString(System.Globalization.CultureInfo.InvariantCulture)) == true)
            .SelectMany(rule => rule.FromProperty)
            .Select(from => from.PodSelector?.MatchLabels?.Select(pair => $"{pair.Key}={pair.Value}").Single()
                ?? $"namespace {from.NamespaceSelector?.MatchLabels?.Values.Single()}")
            .Distinct()
            .Order()];
        Assert.Equal(new[] { "namespace ingress-nginx" }, AllowedOnto("app.kubernetes.io/component", "gateway", 8080));
        Assert.Equal(new[] { "app.kubernetes.io/component=gateway" }, AllowedOnto("app.kubernetes.io/component", "service", 8080));
        Assert.Equal(new[] { "app.kubernetes.io/component=service" }, AllowedOnto("app.kubernetes.io/name", "accounts", 8080));
        // The other calls between services: the embeddings service's backfill reads the catalogue,
        // and the catalogue's hybrid search asks the embeddings service.
        Assert.Equal(new[] { "app.kubernetes.io/name=embeddings" }, AllowedOnto("app.kubernetes.io/name", "catalogue", 8080));
        Assert.Equal(new[] { "app.kubernetes.io/name=catalogue" }, AllowedOnto("app.kubernetes.io/name", "embeddings", 8080));
        // Besides the services: the database's own instances (replication) and its operator.
        Assert.Equal(new[] { "app.kubernetes.io/component=service", "cnpg.io/cluster=papers-db", "namespace cnpg-system" }, AllowedOnto("cnpg.io/cluster", "papers-db", 5432));
        // Besides the services: the other broker nodes.
        Assert.Equal(new[] { "app.kubernetes.io/component=service", "app.kubernetes.io/name=papers-rabbitmq" }, AllowedOnto("app.kubernetes.io/name", "papers-rabbitmq", 5672));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void No_secret_is_written_in_the_manifests(string overlay)
    {
        var rendered = RenderedOverlay.Render(overlay);

        Assert.Empty(rendered.All<V1Secret>());
        foreach (var container in rendered.Containers())
        {
            foreach (var variable in container.Env ?? Enumerable.Empty<V1EnvVar>())
            {
                if (SecretName().IsMatch(variable.Name))
                {
                    Assert.True(variable.ValueFrom?.SecretKeyRef is not null, $"{variable.Name} is not taken from a Secret");
                }
                AssertNoLiteralSecret(variable.Name, variable.Value);
            }
        }
        foreach (var map in rendered.All<V1ConfigMap>())
        {
            foreach (var (key, value) in map.Data ?? new Dictionary<string, string>())
            {
                Assert.False(SecretName().IsMatch(key), $"ConfigMap {map.Name()} holds {key}");
                AssertNoLiteralSecret(key, value);
            }
        }
    }

    [Fact]
    public void Production_runs_three_postgres_instances_three_broker_nodes_with_quorum_queues_and_a_role_per_service()
    {
        var rendered = RenderedOverlay.Render("production");

        var postgres = rendered.CustomResources.Single(resource => resource.Kind == "Cluster").Body;
        Assert.Equal("3", Field(postgres, "spec", "instances"));
        var roles = (List<object>)Field(postgres, "spec", "managed", "roles")!;
        Assert.Equal(TestEnvironment.Services.Order(), roles.Select(role => (string)Field(role, "name")!).Order());
        Assert.All(roles, role => Assert.Equal($"papers-db-{Field(role, "name")}", Field(role, "passwordSecret", "name")));
        var setup = string.Join('\n', (List<object>)Field(postgres, "spec", "bootstrap", "initdb", "postInitApplicationSQL")!);
        Assert.All(TestEnvironment.Services, service => Assert.Contains($"CREATE SCHEMA {service} AUTHORIZATION {service}", setup, StringComparison.Ordinal));

        var broker = rendered.CustomResources.Single(resource => resource.Kind == "RabbitmqCluster").Body;
        Assert.Equal("3", Field(broker, "spec", "replicas"));
        var settings = rendered.All<V1ConfigMap>().Single(map => map.Name() == "platform-settings");
        Assert.Equal("true", settings.Data["Messaging__QuorumQueues"]);
        Assert.All(rendered.All<V1Deployment>(), deployment => Assert.Equal(3, deployment.Spec.Replicas));
    }

    /// <summary>A connection string or URL may name its password only as a $(VARIABLE) from a Secret.</summary>
    private static void AssertNoLiteralSecret(string name, string? value)
    {
        if (value is null)
        {
            return;
        }
        foreach (Match match in LiteralPassword().Matches(value))
        {
            Assert.True(match.Groups["secret"].Value.StartsWith("$(", StringComparison.Ordinal), $"{name} writes a password down: {value}");
        }
    }

    private static object? Field(object node, params string[] path) =>
        path.Aggregate<string, object?>(node, (current, key) => (current as Dictionary<object, object>)?.GetValueOrDefault(key));

    [GeneratedRegex("PASSWORD|SECRET|KEY$|TOKEN", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    /// <summary>Password=… in a connection string, or user:password@ in a URL.</summary>
    [GeneratedRegex(@"Password=(?<secret>[^;]*)|://[^:/@\s]+:(?<secret>[^@\s]*)@", RegexOptions.IgnoreCase)]
    private static partial Regex LiteralPassword();
}
