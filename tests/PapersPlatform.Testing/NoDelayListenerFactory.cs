using System.IO.Pipelines;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;

namespace PapersPlatform.Testing;

/// <summary>
/// Plain-TCP endpoints for <see cref="TestMailServer"/> with Nagle's algorithm off. With
/// SmtpServer's own listener every mail over loopback took about 45 ms (its replies wait for
/// delayed ACKs), so a sender looked twenty times slower than it is: 2 ms per mail with this one.
/// </summary>
internal sealed class NoDelayListenerFactory : IEndpointListenerFactory
{
    public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
    {
        var listener = new TcpListener(endpointDefinition.Endpoint);
        listener.Start();
        return new Listener(listener);
    }

    private sealed class Listener(TcpListener listener) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var socket = await listener.AcceptSocketAsync(cancellationToken);
            socket.NoDelay = true;
            return new PlainPipe(new NetworkStream(socket, ownsSocket: true));
        }

        public void Dispose() => listener.Stop();
    }

    private sealed class PlainPipe(NetworkStream stream) : ISecurableDuplexPipe
    {
        public PipeReader Input { get; } = PipeReader.Create(stream);
        public PipeWriter Output { get; } = PipeWriter.Create(stream);
        public bool IsSecure => false;
        public SslProtocols SslProtocol => SslProtocols.None;

        public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken) =>
            throw new NotSupportedException("The test mail server speaks plain SMTP only.");

        public void Dispose() => stream.Dispose();
    }
}
