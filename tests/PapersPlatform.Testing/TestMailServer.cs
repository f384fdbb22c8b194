using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Mail;
using SmtpServer.Storage;

namespace PapersPlatform.Testing;

/// <summary>
/// A real SMTP server on a loopback port, in the test process, keeping every mail it accepts.
/// It can be stopped and started again on the same port, to play an outage. Mail to any address
/// at <see cref="RefusedDomain"/> is refused at RCPT TO (550), as a mailbox that does not exist is.
/// </summary>
public sealed class TestMailServer(bool keepMessages = true) : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private CancellationTokenSource? _running;
    private Task _serving = Task.CompletedTask;
    private long _received;

    public int Port { get; } = FreePort.Next();

    /// <summary>The domain whose every mailbox this server refuses.</summary>
    public const string RefusedDomain = "refused.invalid";

    private bool KeepMessages { get; } = keepMessages;

    /// <summary>Mails accepted so far (counted even when they are not kept).</summary>
    public long Received => Interlocked.Read(ref _received);

    public IReadOnlyList<MimeMessage> Messages => [.. _messages];

    public void Start()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new ServiceProvider();
        services.Add(new Store(this));
        services.Add((IMailboxFilter)new RefuseDomain());
        services.Add((IEndpointListenerFactory)new NoDelayListenerFactory());
        _running = new CancellationTokenSource();
        _serving = new SmtpServer.SmtpServer(options, services).StartAsync(_running.Token);
    }

    public async Task StopAsync()
    {
        if (_running is null)
        {
            return;
        }
        await _running.CancelAsync();
        try
        {
            await _serving;
        }
        catch (OperationCanceledException)
        {
            // how it stops
        }
        _running.Dispose();
        _running = null;
    }

    /// <summary>The first mail that matches, waiting for it up to <paramref name="timeout"/>.</summary>
    public async Task<MimeMessage> WaitForAsync(Func<MimeMessage, bool> match, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_messages.FirstOrDefault(match) is { } found)
            {
                return found;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"No mail {what} within {timeout} ({_messages.Count} mails received).");
    }

    /// <summary>Every mail sent to <paramref name="address"/>.</summary>
    public IReadOnlyList<MimeMessage> To(string address) =>
        [.. _messages.Where(message => message.To.Mailboxes.Any(mailbox => string.Equals(mailbox.Address, address, StringComparison.OrdinalIgnoreCase)))];

    public ValueTask DisposeAsync() => new(StopAsync());

    private sealed class RefuseDomain : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!string.Equals(to.Host, RefusedDomain, StringComparison.OrdinalIgnoreCase));
    }

    private sealed class Store(TestMailServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (server.KeepMessages)
            {
                await using var stream = new MemoryStream(buffer.ToArray());
                server._messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            }
            Interlocked.Increment(ref server._received);
            return SmtpResponse.Ok;
        }
    }
}
