using System.Diagnostics;
using k8s;
using k8s.Models;
using PapersPlatform.Testing;
using YamlDotNet.Serialization;

namespace PapersPlatform.Deployment.Tests;

/// <summary>
/// One overlay of deploy/kubernetes rendered as `kubectl apply -k` would send it, and each object
/// read back: built-in kinds into the Kubernetes API's typed models of the official .NET client in
/// strict mode (a field the API does not have, or a value of the wrong type, is an error), custom
/// resources of the two operators as plain maps. What could not be read is in <see cref="Errors"/>.
/// </summary>
internal sealed class RenderedOverlay
{
    /// <summary>The operators' custom resources the platform uses (not in the client's models).</summary>
    public static readonly IReadOnlySet<string> CustomKinds = new HashSet<string>
    {
        "postgresql.cnpg.io/v1/Cluster",
        "rabbitmq.com/v1beta1/RabbitmqCluster",
    };

    private static readonly IDeserializer PlainYaml = new DeserializerBuilder().Build();

    public string Name { get; }

    public IReadOnlyList<IKubernetesObject> Objects { get; }

    /// <summary>Custom resources by kind, as maps of their YAML.</summary>
    public IReadOnlyList<(string Kind, string Name, Dictionary<object, object> Body)> CustomResources { get; }

    public IReadOnlyList<string> Errors { get; }

    private RenderedOverlay(string name, List<IKubernetesObject> objects, List<(string, string, Dictionary<object, object>)> custom, List<string> errors)
    {
        (Name, Objects, CustomResources, Errors) = (name, objects, custom, errors);
    }

    public static string OverlayDirectory(string overlay) =>
        Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "kubernetes", "overlays", overlay);

    /// <summary>Rendered once per test run (kubectl takes a few seconds per overlay).</summary>
    public static RenderedOverlay Render(string overlay) =>
        Rendered.GetOrAdd(overlay, name => new Lazy<RenderedOverlay>(() => Read(name, Kustomize(OverlayDirectory(name))))).Value;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<RenderedOverlay>> Rendered = new();

    /// <summary>Reads rendered YAML (several documents); public so that a test can prove a broken object is caught.</summary>
    public static RenderedOverlay Read(string name, string yaml)
    {
        var objects = new List<IKubernetesObject>();
        var custom = new List<(string, string, Dictionary<object, object>)>();
        var errors = new List<string>();
        foreach (var document in yaml.Split("\n---\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var plain = PlainYaml.Deserialize<Dictionary<object, object>>(document);
            var apiVersion = plain.GetValueOrDefault("apiVersion") as string;
            var kind = plain.GetValueOrDefault("kind") as string;
            var objectName = (plain.GetValueOrDefault("metadata") as Dictionary<object, object>)?.GetValueOrDefault("name") as string;
            var key = $"{apiVersion}/{kind}";
            if (CustomKinds.Contains(key))
            {
                custom.Add((kind!, objectName ?? "", plain));
                continue;
            }
            try
            {
                objects.AddRange(KubernetesYaml.LoadAllFromString(document, typeMap: null, strict: true).Cast<IKubernetesObject>());
            }
            catch (Exception exception)
            {
                errors.Add($"{key} {objectName}: {exception.GetBaseException().Message}");
            }
        }
        return new RenderedOverlay(name, objects, custom, errors);
    }

    public IEnumerable<T> All<T>() where T : IKubernetesObject => Objects.OfType<T>();

    public IEnumerable<V1Container> Containers() =>
        All<V1Deployment>().SelectMany(deployment => deployment.Spec.Template.Spec.Containers);

    /// <summary>`kubectl kustomize`, as `kubectl apply -k` renders it before sending.</summary>
    private static string Kustomize(string directory)
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process? started;
        try
        {
            started = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception missing)
        {
            throw new InvalidOperationException("kubectl (with its built-in kustomize) is needed to render deploy/kubernetes and is not on the PATH.", missing);
        }
        using var process = started ?? throw new InvalidOperationException("kubectl could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output.Result
            : throw new InvalidOperationException($"kubectl kustomize {directory} failed: {error}");
    }
}
