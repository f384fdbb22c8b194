using System.Net;
using System.Net.Sockets;

namespace PapersPlatform.Testing;

/// <summary>
/// A loopback port for a process a test starts. Below Linux's ephemeral range (32768–60999): a
/// port the kernel hands out (port 0) is from that range, and between the check and the service's
/// own bind, any outgoing connection (to Postgres, RabbitMQ, another service) may take it as its
/// local port. Ports below the range are never given to outgoing connections.
/// </summary>
public static class FreePort
{
    private const int First = 20_000, Last = 32_000;
    private static readonly HashSet<int> HandedOut = [];

    public static int Next()
    {
        lock (HandedOut)
        {
            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                var port = Random.Shared.Next(First, Last);
                if (!HandedOut.Contains(port) && IsFree(port))
                {
                    HandedOut.Add(port);
                    return port;
                }
            }
        }
        throw new InvalidOperationException($"No free loopback port between {First} and {Last}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
