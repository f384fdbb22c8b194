using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace PapersPlatform.AppHost;

/// <summary>
/// Ports, folders and secrets of a local run. deploy/up.sh exports the ports and folders; the
/// secrets are generated on first use and kept in .data/secrets.env, never in the repository.
/// </summary>
internal sealed record LocalSettings(
    string Root, string Data, int GatewayPort, int PostgresPort, int RabbitMqPort, int RabbitMqManagementPort, int SmtpPort, int MailWebPort,
    int Replicas, LocalSecrets Secrets)
{
    /// <summary>Instances of each service a local run may start (deploy/up.sh --replicas).</summary>
    public const int MaxReplicas = 5;

    public const string Database = "papers";

    /// <summary>The account allowed to bulk-import papers in a local run.</summary>
    public const string ImporterName = "importer";

    /// <summary>The first service's port; each further service takes the next (5101, 5102, …).</summary>
    public const int FirstServicePort = 5101;

    public static LocalSettings From(IConfiguration configuration)
    {
        var root = configuration["PAPERS_ROOT"] ?? Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        var data = configuration["PAPERS_DATA"] ?? Path.Combine(root, ".data");
        return new LocalSettings(
            root,
            data,
            configuration.GetValue("PAPERS_GATEWAY_PORT", 8080),
            configuration.GetValue("PAPERS_POSTGRES_PORT", 5432),
            configuration.GetValue("PAPERS_RABBITMQ_PORT", 5672),
            configuration.GetValue("PAPERS_RABBITMQ_MANAGEMENT_PORT", 15672),
            configuration.GetValue("PAPERS_SMTP_PORT", 1025),
            configuration.GetValue("PAPERS_MAIL_WEB_PORT", 1080),
            Math.Clamp(configuration.GetValue("PAPERS_REPLICAS", 1), 1, MaxReplicas),
            LocalSecrets.Open(Path.Combine(data, "secrets.env")));
    }

    /// <summary>
    /// The port of a service's instance (1-based): its own port for the first, then one hundred up
    /// per instance (catalogue: 5103, 5203, 5303).
    /// </summary>
    public static int InstancePort(int firstPort, int instance) => firstPort + 100 * (instance - 1);

    /// <summary>The password of the service's database role (DB_PASSWORD_&lt;SERVICE&gt;).</summary>
    public string DatabasePassword(string service) => Secrets.GetOrCreate(DatabasePasswordName(service));

    public static string DatabasePasswordName(string service) => $"DB_PASSWORD_{service.ToUpperInvariant()}";

    /// <summary>Signs the unsubscribe links in mails.</summary>
    public string UnsubscribeKey => Secrets.GetOrCreate("MAIL_UNSUBSCRIBE_KEY");

    /// <summary>Where mails link to: the gateway, which serves the site and the API.</summary>
    public string SiteUrl => $"http://localhost:{GatewayPort}/";

    public string RabbitMqConnectionString => $"amqp://guest:guest@127.0.0.1:{RabbitMqPort}/";

    public string ConnectionString(string service) =>
        $"Host=127.0.0.1;Port={PostgresPort};Database={Database};Username={service};Password={DatabasePassword(service)}";

    /// <summary>
    /// The ports among these that something else already listens on (another run, another
    /// program): the run stops before anything starts with a clear message, instead of a
    /// service that never turns healthy.
    /// </summary>
    public static IReadOnlyList<int> TakenPorts(IEnumerable<int> ports) => [.. ports.Where(port =>
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    })];
}
