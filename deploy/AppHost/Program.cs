using PapersPlatform.AppHost;

// The whole platform on one machine, with the Aspire dashboard: PostgreSQL and RabbitMQ run as
// the machine's own installed servers (no container runtime needed), data under .data/.
// deploy/up.sh sets the environment this reads (see LocalSettings) and starts it.
var builder = DistributedApplication.CreateBuilder(args);
var settings = LocalSettings.From(builder.Configuration);
var addedServices = 0;

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

// One role per service, owner of its own schema only (idempotent; runs on every start): a role
// for every DB_PASSWORD_<SERVICE> it is given, which AddService adds.
var databaseInit = builder.AddExecutable("database-init", "bash", settings.Root, "deploy/scripts/init-database.sh")
    .WithEnvironment("PGHOST", Path.Combine(settings.Data, "postgres"))
    .WithEnvironment("PGPORT", settings.PostgresPort.ToString())
    .WithEnvironment("PGUSER", "postgres")
    .WithEnvironment("PAPERS_DATABASE", LocalSettings.Database)
    .WaitFor(postgres);

// The platform's services: this list is the topology. Each gets the next port, its own database
// role and schema, the broker, and the accounts service's instances to validate tokens with.
var accounts = AddService<Projects.PapersPlatform_Accounts>("accounts");
var ingestion = AddService<Projects.PapersPlatform_Ingestion>("ingestion", ingestion => ingestion
    // The account that may bulk-import locally (sign up as it first): see README.
    .WithEnvironment("Submissions__Importers__0", LocalSettings.ImporterName));
var catalogue = AddService<Projects.PapersPlatform_Catalogue>("catalogue");
var services = new[]
{
    accounts,
    ingestion,
    catalogue,
    AddService<Projects.PapersPlatform_Trending>("trending"),
    AddService<Projects.PapersPlatform_Notification>("notification", notification => notification
        .WithEnvironment("Mail__SmtpHost", "127.0.0.1")
        .WithEnvironment("Mail__SmtpPort", settings.SmtpPort.ToString())
        .WithEnvironment("Mail__SiteUrl", settings.SiteUrl)
        .WithEnvironment("Mail__UnsubscribeKey", settings.UnsubscribeKey)
        // Keyword alerts at most once a minute locally, so that trying them out is quick.
        .WithEnvironment("Mail__AlertInterval", "00:01:00")
        .WaitFor(mail)),
    // Its backfill reads the catalogue's listing: papers stored before it heard of them.
    AddService<Projects.PapersPlatform_Embeddings>("embeddings", embeddings => ReferTo(embeddings, catalogue, waitForThem: false)),
};
// The catalogue's hybrid search asks the embeddings service for the papers nearest to a search.
foreach (var instance in catalogue)
{
    ReferTo(instance, services[^1], waitForThem: false);
}
foreach (var instance in services.SelectMany(instances => instances))
{
    // Tokens are checked against keys fetched when first needed: no need to wait for accounts.
    // The accounts service too: it checks the tokens of its own signed-in endpoints the same way.
    ReferTo(instance, accounts, waitForThem: false);
}
var takenPorts = LocalSettings.TakenPorts(services.SelectMany(instances => instances)
    .Select(instance => instance.Resource.TryGetEndpoints(out var endpoints) ? endpoints.Single().Port : null)
    .OfType<int>());
if (takenPorts.Count > 0)
{
    Console.Error.WriteLine($"Port(s) {string.Join(", ", takenPorts)}, which the services of this run need, are already in use (another run?). Stop what uses them and start again.");
    return 2;
}

var gateway = builder.AddProject<Projects.PapersPlatform_Gateway>("gateway")
    .WithHttpEndpoint(port: settings.GatewayPort, isProxied: false)
    .WithEnvironment("Auth__RequireHttpsMetadata", "false")
    .WithExternalHttpEndpoints();
// The gateway finds every instance of every service by the service's name and balances over them.
foreach (var instances in services)
{
    ReferTo(gateway, instances, waitForThem: true);
}

builder.Build().Run();
return 0;

// A service's instances (deploy/up.sh --replicas): "catalogue", "catalogue-2", … on ports of their
// own, sharing its database role and its queues (competing consumers); traces name the service.
IResourceBuilder<ProjectResource>[] AddService<TProject>(string name, Func<IResourceBuilder<ProjectResource>, IResourceBuilder<ProjectResource>>? configure = null)
    where TProject : IProjectMetadata, new()
{
    var port = LocalSettings.FirstServicePort + addedServices++;
    databaseInit.WithEnvironment(LocalSettings.DatabasePasswordName(name), settings.DatabasePassword(name));
    return [.. Enumerable.Range(1, settings.Replicas).Select(instance =>
    {
        var service = builder.AddProject<TProject>(instance == 1 ? name : $"{name}-{instance}")
            // Services listen on loopback only; the gateway is the public entry.
            .WithHttpEndpoint(port: LocalSettings.InstancePort(port, instance), isProxied: false)
            .WithEnvironment("OTEL_SERVICE_NAME", name)
            .WithEnvironment("ConnectionStrings__Postgres", settings.ConnectionString(name))
            .WithEnvironment("ConnectionStrings__RabbitMq", settings.RabbitMqConnectionString)
            // Plain HTTP to the accounts service's keys: loopback only.
            .WithEnvironment("Auth__RequireHttpsMetadata", "false")
            .WithHttpHealthCheck("/health")
            .WaitForCompletion(databaseInit)
            .WaitFor(rabbitmq);
        return configure is null ? service : configure(service);
    })];
}

// Lets a resource reach every instance of a service by the service's name (.NET service
// discovery reads "services:<name>:http:<n>"), optionally starting it once they all run.
IResourceBuilder<TResource> ReferTo<TResource>(IResourceBuilder<TResource> resource, IResourceBuilder<ProjectResource>[] instances, bool waitForThem)
    where TResource : IResourceWithEnvironment, IResourceWithWaitSupport
{
    for (var index = 0; index < instances.Length; index++)
    {
        resource.WithEnvironment($"services__{instances[0].Resource.Name}__http__{index}", instances[index].GetEndpoint("http"));
        if (waitForThem)
        {
            resource.WaitFor(instances[index]);
        }
    }
    return resource;
}
