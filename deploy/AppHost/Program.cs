using PapersPlatform.AppHost;

// The whole platform on one machine, with the Aspire dashboard: PostgreSQL and RabbitMQ run as
// the machine's own installed servers (no container runtime needed), data under .data/.
// deploy/up.sh sets the environment this reads (see LocalSettings) and starts it.
var builder = DistributedApplication.CreateBuilder(args);
var settings = LocalSettings.From(builder.Configuration);

var postgres = builder.AddExecutable("postgres", "bash", settings.Root, "deploy/scripts/run-postgres.sh")
    .WithEnvironment("PAPERS_DATA", settings.Data)
    .WithEnvironment("PAPERS_POSTGRES_PORT", settings.PostgresPort.ToString());

var rabbitmq = builder.AddExecutable("rabbitmq", "bash", settings.Root, "deploy/scripts/run-rabbitmq.sh")
    .WithEnvironment("PAPERS_DATA", settings.Data)
    .WithEnvironment("PAPERS_RABBITMQ_PORT", settings.RabbitMqPort.ToString())
    .WithEnvironment("PAPERS_RABBITMQ_MANAGEMENT_PORT", settings.RabbitMqManagementPort.ToString());

// The mail catcher: every mail the platform sends, readable in its web UI (printed by up.sh).
var mail = builder.AddExecutable("mail", "bash", settings.Root, "deploy/scripts/run-maildev.sh")
    .WithEnvironment("PAPERS_DATA", settings.Data)
    .WithEnvironment("PAPERS_SMTP_PORT", settings.SmtpPort.ToString())
    .WithEnvironment("PAPERS_MAIL_WEB_PORT", settings.MailWebPort.ToString());

// One role per service, owner of its own schema only (idempotent; runs on every start).
var databaseInit = builder.AddExecutable("database-init", "bash", settings.Root, "deploy/scripts/init-database.sh")
    .WithEnvironment("PGHOST", Path.Combine(settings.Data, "postgres"))
    .WithEnvironment("PGPORT", settings.PostgresPort.ToString())
    .WithEnvironment("PGUSER", "postgres")
    .WithEnvironment("PAPERS_DATABASE", LocalSettings.Database)
    .WaitFor(postgres);
foreach (var service in LocalSettings.Services)
{
    databaseInit.WithEnvironment($"DB_PASSWORD_{service.ToUpperInvariant()}", settings.DatabasePassword(service));
}

const int AccountsPort = 5101;
// Every service validates tokens against the accounts service's keys: its first instance's.
var accountsAddress = $"http://localhost:{AccountsPort}";
var services = new[]
{
    AddService<Projects.PapersPlatform_Accounts>("accounts", AccountsPort),
    AddService<Projects.PapersPlatform_Ingestion>("ingestion", 5102, ingestion => ingestion
        // The account that may bulk-import locally (sign up as it first): see README.
        .WithEnvironment("Submissions__Importers__0", LocalSettings.ImporterName)),
    AddService<Projects.PapersPlatform_Catalogue>("catalogue", 5103),
    AddService<Projects.PapersPlatform_Trending>("trending", 5104),
    AddService<Projects.PapersPlatform_Notification>("notification", 5105, notification => notification
        .WithEnvironment("Mail__SmtpHost", "127.0.0.1")
        .WithEnvironment("Mail__SmtpPort", settings.SmtpPort.ToString())
        .WithEnvironment("Mail__SiteUrl", settings.SiteUrl)
        .WithEnvironment("Mail__UnsubscribeKey", settings.UnsubscribeKey)
        // Keyword alerts at most once a minute locally, so that trying them out is quick.
        .WithEnvironment("Mail__AlertInterval", "00:01:00")
        .WaitFor(mail)),
};

var gateway = builder.AddProject<Projects.PapersPlatform_Gateway>("gateway")
    .WithHttpEndpoint(port: settings.GatewayPort, isProxied: false)
    .WithEnvironment("Auth__Authority", accountsAddress)
    .WithEnvironment("Auth__RequireHttpsMetadata", "false")
    .WithExternalHttpEndpoints();
// The gateway finds every instance of a service by the service's name (.NET service discovery,
// "services:<name>:http:<n>"), balances over them and ejects one that stops answering.
foreach (var instances in services)
{
    for (var index = 0; index < instances.Length; index++)
    {
        var (name, instance) = (instances[0].Resource.Name, instances[index]);
        gateway.WithEnvironment($"services__{name}__http__{index}", instance.GetEndpoint("http"))
            .WaitFor(instance);
    }
}

builder.Build().Run();

// A service's instances (deploy/up.sh --replicas): "catalogue", "catalogue-2", … on ports of their
// own, sharing its database role and its queues (competing consumers); traces name the service.
IResourceBuilder<ProjectResource>[] AddService<TProject>(string name, int port, Func<IResourceBuilder<ProjectResource>, IResourceBuilder<ProjectResource>>? configure = null)
    where TProject : IProjectMetadata, new() =>
    [.. Enumerable.Range(1, settings.Replicas).Select(instance =>
    {
        var service = builder.AddProject<TProject>(instance == 1 ? name : $"{name}-{instance}")
            // Services listen on loopback only; the gateway is the public entry.
            .WithHttpEndpoint(port: LocalSettings.InstancePort(port, instance), isProxied: false)
            .WithEnvironment("OTEL_SERVICE_NAME", name)
            .WithEnvironment("ConnectionStrings__Postgres", settings.ConnectionString(name))
            .WithEnvironment("ConnectionStrings__RabbitMq", settings.RabbitMqConnectionString)
            .WithEnvironment("Auth__RequireHttpsMetadata", "false")
            .WithEnvironment("Auth__Authority", accountsAddress)
            .WithHttpHealthCheck("/health")
            .WaitForCompletion(databaseInit)
            .WaitFor(rabbitmq);
        return configure is null ? service : configure(service);
    })];
