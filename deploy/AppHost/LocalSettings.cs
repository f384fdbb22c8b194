using Microsoft.Extensions.Configuration;

namespace PapersPlatform.AppHost;

/// <summary>
/// Ports, folders and database passwords of a local run. deploy/up.sh exports them (the
/// passwords are generated once and kept in .data/secrets.env, never in the repository).
/// </summary>
internal sealed record LocalSettings(
    string Root, string Data, int GatewayPort, int PostgresPort, int RabbitMqPort, int RabbitMqManagementPort, int SmtpPort, int MailWebPort,
    int Replicas, IConfiguration Configuration)
{
    /// <summary>Instances of each service a local run may start (deploy/up.sh --replicas).</summary>
    public const int MaxReplicas = 5;

    public const string Database = "papers";

    /// <summary>The account allowed to bulk-import papers in a local run.</summary>
    public const string ImporterName = "importer";

    public static readonly string[] Services = ["accounts", "ingestion", "catalogue", "trending", "notification"];

    public static LocalSettings From(IConfiguration configuration)
    {
        var root = configuration["PAPERS_ROOT"] ?? Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        return new LocalSettings(
            root,
            configuration["PAPERS_DATA"] ?? Path.Combine(root, ".data"),
            configuration.GetValue("PAPERS_GATEWAY_PORT", 8080),
            configuration.GetValue("PAPERS_POSTGRES_PORT", 5432),
            configuration.GetValue("PAPERS_RABBITMQ_PORT", 5672),
            configuration.GetValue("PAPERS_RABBITMQ_MANAGEMENT_PORT", 15672),
            configuration.GetValue("PAPERS_SMTP_PORT", 1025),
            configuration.GetValue("PAPERS_MAIL_WEB_PORT", 1080),
            Math.Clamp(configuration.GetValue("PAPERS_REPLICAS", 1), 1, MaxReplicas),
            configuration);
    }

    /// <summary>
    /// The port of a service's instance (1-based): its own port for the first, then one hundred up
    /// per instance (catalogue: 5103, 5203, 5303), the ports deploy/up.sh checks are free.
    /// </summary>
    public static int InstancePort(int firstPort, int instance) => firstPort + 100 * (instance - 1);

    public string DatabasePassword(string service) =>
        Configuration[$"DB_PASSWORD_{service.ToUpperInvariant()}"]
            ?? throw new InvalidOperationException($"DB_PASSWORD_{service.ToUpperInvariant()} is not set: start the platform with deploy/up.sh.");

    /// <summary>Signs the unsubscribe links in mails (generated once into .data/secrets.env).</summary>
    public string UnsubscribeKey =>
        Configuration["MAIL_UNSUBSCRIBE_KEY"] ?? throw new InvalidOperationException("MAIL_UNSUBSCRIBE_KEY is not set: start the platform with deploy/up.sh.");

    /// <summary>Where mails link to: the gateway, which serves the site and the API.</summary>
    public string SiteUrl => $"http://localhost:{GatewayPort}/";

    public string RabbitMqConnectionString => $"amqp://guest:guest@127.0.0.1:{RabbitMqPort}/";

    public string ConnectionString(string service) =>
        $"Host=127.0.0.1;Port={PostgresPort};Database={Database};Username={service};Password={DatabasePassword(service)}";
}
