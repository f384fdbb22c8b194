using System.Collections.Concurrent;

namespace PapersPlatform.Testing.Fuzzing;

/// <summary>What one answer broke, if anything.</summary>
public enum Finding
{
    None,

    /// <summary>A 5xx: the platform failed instead of refusing.</summary>
    ServerError,

    /// <summary>No answer: the connection was dropped, reset or timed out.</summary>
    Dropped,

    /// <summary>A 4xx that is not application/problem+json.</summary>
    NotProblemJson,

    /// <summary>A 4xx whose text is a framework's or a library's message, not ours.</summary>
    LeakedInternals,
}

/// <summary>One request and its answer (Status 0: no answer).</summary>
public sealed record FuzzResult(FuzzCase Case, int Status, Finding Finding, string? Detail);

/// <summary>
/// Sends hostile requests (<see cref="HostileRequests"/>) for every operation of the public API
/// through the gateway and sorts the answers: anything 5xx, dropped, not problem+json or leaking a
/// framework's message is a finding. The same seed sends the same requests.
/// </summary>
public sealed class Fuzzer(Uri gateway, IReadOnlyList<ApiOperation> operations, HostileRequests requests)
{
    /// <summary>Words that only a framework's or library's own message contains.</summary>
    private static readonly string[] InternalWords =
        ["System.", "Exception", "Npgsql", "   at ", "LineNumber", "BytePosition", "Microsoft.", "MassTransit", "SQLSTATE", "stack trace"];

    // UTF-8 in headers: .NET sends only ASCII unless told otherwise, and an attacker sends any byte.
    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false, UseCookies = false, MaxConnectionsPerServer = 64, RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8,
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public async Task<IReadOnlyList<FuzzResult>> RunAsync(int seed, int count, int concurrency, CancellationToken cancellation = default)
    {
        // Every request's case is drawn from the seed up front, in order: the run does not depend on timing.
        var random = new Random(seed);
        var cases = Enumerable.Range(0, count).Select(index => requests.Create(operations[index % operations.Count], random)).ToArray();
        var results = new ConcurrentBag<FuzzResult>();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellation },
            async (fuzzCase, token) => results.Add(await SendAsync(fuzzCase, token)));
        return [.. results];
    }

    private const int LargeBody = 64 * 1024;

    private async Task<FuzzResult> SendAsync(FuzzCase fuzzCase, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(fuzzCase.Operation.Method, new Uri(gateway, fuzzCase.Url));
        // A connection of its own: Kestrel closes a connection after some refusals (a body it will
        // not read, a path it cannot parse), and a pooled connection closed between two requests
        // would fail the next, unrelated one as "dropped".
        request.Headers.ConnectionClose = true;
        if (fuzzCase.Body is { } body)
        {
            // A large upload asks first (Expect: 100-continue, as curl does above 1 MiB), so that a
            // refusal comes before the body is sent. Without it a server that refuses an oversized
            // body (413, 415) and closes the connection races the client still writing it, and the
            // client may see a broken pipe instead of the answer: a "dropped" the server did not cause.
            request.Headers.ExpectContinue = body.Length > LargeBody ? true : null;
            request.Content = new ByteArrayContent(body);
            if (fuzzCase.ContentType is { } contentType)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }
        foreach (var (name, value) in fuzzCase.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        try
        {
            // Streams stay open: the headers are the answer.
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                return new(fuzzCase, status, Finding.ServerError, await ReadAsync(response, cancellation));
            }
            if (IsRefusedByHttpServer(response))
            {
                return new(fuzzCase, status, Finding.None, "refused by Kestrel");
            }
            if (status >= 400)
            {
                var text = await response.Content.ReadAsStringAsync(cancellation);
                if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    return new(fuzzCase, status, Finding.NotProblemJson, $"{response.Content.Headers.ContentType}: {Shorten(text)}");
                }
                if (InternalWords.FirstOrDefault(word => text.Contains(word, StringComparison.Ordinal)) is { } word)
                {
                    return new(fuzzCase, status, Finding.LeakedInternals, $"'{word}' in {Shorten(text)}");
                }
            }
            return new(fuzzCase, status, Finding.None, null);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            return new(fuzzCase, 0, Finding.Dropped, Describe(exception));
        }
    }

    /// <summary>
    /// Kestrel's own refusal of a request it cannot parse as HTTP (NUL or a lone '%' in the path, a
    /// request line over 8 KiB, headers over 32 KiB): a bare 400, 414 or 431 that closes the
    /// connection before any of our code runs, so it cannot be problem+json (docs/security.md).
    /// Told apart from an empty answer of ours by what the gateway adds to every answer it writes
    /// or forwards: its security headers.
    /// </summary>
    private static bool IsRefusedByHttpServer(HttpResponseMessage response) =>
        (int)response.StatusCode is 400 or 414 or 431 && response.Content.Headers.ContentLength == 0
        && !response.Headers.Contains("X-Content-Type-Options");

    /// <summary>The whole chain of what went wrong, with .NET's own classification of an HTTP failure.</summary>
    private static string Describe(Exception exception)
    {
        var chain = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            chain.Add(current is HttpRequestException { HttpRequestError: var error } ? $"{current.Message} ({error})" : $"{current.GetType().Name}: {current.Message}");
        }
        return string.Join(" ← ", chain);
    }

    private static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken cancellation) =>
        Shorten(await response.Content.ReadAsStringAsync(cancellation));

    /// <summary>For the report only: every check reads the whole answer.</summary>
    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";
}
