// papers-import: bulk-imports a JSON Lines or arXiv Atom file through the gateway.
//   papers-import FILE [--gateway URL] [--user NAME --password PASSWORD | PAPERS_TOKEN=...] [--batch N] [--parallel N]
using PapersPlatform.Import;

var options = Arguments.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: papers-import FILE [--gateway http://localhost:8080] [--user importer --password PASSWORD] [--batch 1000] [--parallel 2]");
    Console.Error.WriteLine("       the token may come from PAPERS_TOKEN instead of --user/--password; FILE is .jsonl/.ndjson or .atom/.xml");
    return 2;
}

using var http = new HttpClient { BaseAddress = options.Gateway, Timeout = TimeSpan.FromMinutes(5) };
try
{
    return await Importer.RunAsync(http, options);
}
catch (Exception exception) when (exception is HttpRequestException or ArgumentException or IOException or System.Xml.XmlException)
{
    // A wrong password, an unreachable gateway or an unreadable file: say so, no stack trace.
    ProgressBar.Finish();
    Console.Error.WriteLine($"papers-import: {exception.Message}");
    return 1;
}
