namespace PapersPlatform.Testing;

/// <summary>
/// Where the infrastructure of this test run lives. deploy/test.sh starts it and exports these
/// variables; running `dotnet test` without it fails with a message that says so.
/// </summary>
public static class TestEnvironment
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>
    /// The platform's services, as their folders show them: services/&lt;Name&gt;/PapersPlatform.&lt;Name&gt;.csproj
    /// is the service "&lt;name&gt;" (its database role, schema and name in the topology). deploy/test.sh
    /// makes a role for each the same way; TopologyAgreementTests checks the AppHost starts the same list.
    /// </summary>
    public static IReadOnlyList<string> Services { get; } = FindServices();

    public static string Configuration => Optional("PAPERS_TEST_CONFIGURATION") ?? "Release";

    public static string DatabaseHost => Required("PAPERS_TEST_DB_HOST");
    public static string DatabasePort => Required("PAPERS_TEST_DB_PORT");
    public static string DatabaseName => Required("PAPERS_TEST_DB_NAME");
    public static string RabbitMq => Required("PAPERS_TEST_RABBITMQ");

    /// <summary>A superuser connection (over the server's local socket) for checks across schemas.</summary>
    public static string DatabaseAdmin => Required("PAPERS_TEST_DB_ADMIN");
    public static string RabbitMqManagement => Required("PAPERS_TEST_RABBITMQ_MANAGEMENT");
    public static string RabbitMqArguments => Required("PAPERS_TEST_RABBITMQ_ARGS");
    public static string PostgresDirectory => Required("PAPERS_TEST_POSTGRES_DIR");

    /// <summary>The Aspire dashboard's OTLP endpoint and its UI/API address, when the run has one.</summary>
    public static string? OtlpEndpoint => Optional("PAPERS_TEST_OTLP");
    public static string? Dashboard => Optional("PAPERS_TEST_DASHBOARD");

    /// <summary>The connection string a service's own role uses (it reaches only its own schema).</summary>
    public static string ConnectionStringFor(string service) =>
        $"Host={DatabaseHost};Port={DatabasePort};Database={DatabaseName};Username={service};Password={Required($"DB_PASSWORD_{service.ToUpperInvariant()}")}";

    private static string Required(string name) =>
        Optional(name) ?? throw new InvalidOperationException($"{name} is not set: run the suite with deploy/test.sh, which starts Postgres, RabbitMQ and the dashboard.");

    private static string? Optional(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static string[] FindServices() =>
        [.. Directory.EnumerateDirectories(Path.Combine(RepositoryRoot, "services"))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(folder => File.Exists(Path.Combine(RepositoryRoot, "services", folder, $"PapersPlatform.{folder}.csproj")))
            .Select(folder => folder.ToLowerInvariant())
            .Order(StringComparer.Ordinal)];

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PapersPlatform.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("PapersPlatform.sln not found above the test's folder.");
    }
}
