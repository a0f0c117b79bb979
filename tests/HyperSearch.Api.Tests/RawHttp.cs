using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace HyperSearch.Api.Tests;

/// <summary>
/// Hand-written HTTP/1.1 over a loopback TCP socket, for requests no HttpClient would send (a body
/// shorter than its Content-Length, a broken chunked encoding). Every read and write has a deadline.
/// </summary>
public static class RawHttp
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Starts <paramref name="app"/> on a real Kestrel socket on 127.0.0.1 (any free port) and returns that port.</summary>
    public static int StartOnLoopback(HyperSearchApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address).Port;
    }

    /// <summary>
    /// Sends <paramref name="head"/> (request line and headers, without the blank line) and
    /// <paramref name="body"/>, keeping the connection open, and reads one answer (until it is
    /// complete or the server closes the connection).
    /// </summary>
    public static async Task<RawResponse> SendAsync(int port, string head, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(body);
        using var cts = new CancellationTokenSource(Timeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cts.Token);
        await socket.SendAsync(Encode(head).Concat(body).ToArray(), SocketFlags.None, cts.Token);
        using var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (n == 0)
                {
                    break;
                }

                received.Write(buffer, 0, n);
                if (RawResponse.TryParse(received.ToArray(), eof: false, out _))
                {
                    break;
                }
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset)
        {
            // Reported below as what arrived before the reset (often nothing: a dropped connection).
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No complete answer within {Timeout.TotalSeconds} s; received: {Encoding.UTF8.GetString(received.ToArray())}");
        }

        return RawResponse.TryParse(received.ToArray(), eof: true, out var response)
            ? response!
            : throw new InvalidOperationException($"The connection ended without a complete HTTP answer ({received.Length} bytes: '{Encoding.UTF8.GetString(received.ToArray())}').");
    }

    /// <summary>Sends the request, shuts down the sending side, and waits (bounded) for the server to close the connection.</summary>
    public static async Task SendAndCloseAsync(int port, string head, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(body);
        using var cts = new CancellationTokenSource(Timeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cts.Token);
        await socket.SendAsync(Encode(head).Concat(body).ToArray(), SocketFlags.None, cts.Token);
        socket.Shutdown(SocketShutdown.Send);
        var buffer = new byte[8192];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token) > 0)
            {
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset)
        {
        }
    }

    private static byte[] Encode(string head) =>
        Encoding.ASCII.GetBytes(head.TrimEnd('\r', '\n').Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n\r\n");
}

/// <summary>A parsed HTTP/1.1 answer: status, headers (lower-case names) and body text.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public static bool TryParse(byte[] bytes, bool eof, out RawResponse? response)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        response = null;
        var text = Encoding.Latin1.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .GroupBy(p => p[0].Trim().ToLowerInvariant())
            .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(p => p[1].Trim())));
        var rest = bytes.AsSpan(end + 4);
        string body;
        if (headers.TryGetValue("content-length", out var length))
        {
            var n = int.Parse(length, System.Globalization.CultureInfo.InvariantCulture);
            if (rest.Length < n)
            {
                return false;
            }

            body = Encoding.UTF8.GetString(rest[..n]);
        }
        else if (headers.TryGetValue("transfer-encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            if (!TryDechunk(rest, out body))
            {
                return false;
            }
        }
        else if (eof)
        {
            body = Encoding.UTF8.GetString(rest); // no length: the answer ends with the connection
        }
        else
        {
            return false;
        }

        response = new RawResponse(status, headers, body);
        return true;
    }

    private static bool TryDechunk(ReadOnlySpan<byte> data, out string body)
    {
        var result = new List<byte>();
        body = "";
        while (true)
        {
            var lineEnd = data.IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                return false;
            }

            var size = Convert.ToInt32(Encoding.ASCII.GetString(data[..lineEnd]).Split(';')[0].Trim(), 16);
            data = data[(lineEnd + 2)..];
            if (size == 0)
            {
                body = Encoding.UTF8.GetString(result.ToArray());
                return true;
            }

            if (data.Length < size + 2)
            {
                return false;
            }

            result.AddRange(data[..size]);
            data = data[(size + 2)..];
        }
    }
}
