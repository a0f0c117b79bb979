using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HyperSearch.Api.Tests.Contract;

/// <summary>
/// Stoplight Prism's validating proxy (<c>prism proxy --errors</c>) in front of a real API: it forwards
/// every request, checks the request and the answer against the OpenAPI document, and turns any
/// violation into an error answer (and a log line) instead of passing it on.
/// </summary>
public sealed class PrismProxy : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();

    private PrismProxy(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Prism's output lines so far.</summary>
    public IReadOnlyList<string> Log => [.. _log];

    /// <summary>Lines where Prism reported a violation or an error it generated.</summary>
    public IReadOnlyList<string> Problems => Log.Where(l => l.Contains("VIOLATIONS", StringComparison.Ordinal)
        || l.Contains("UNPROCESSABLE", StringComparison.Ordinal)
        || l.Contains("Violation", StringComparison.OrdinalIgnoreCase)
        || l.Contains('✖') || l.Contains('⚠')).ToList();

    public static async Task<PrismProxy> StartAsync(string documentPath, Uri upstream)
    {
        var port = FreePort();
        var info = new ProcessStartInfo(NpmTools.Prism)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var a in new[] { "proxy", documentPath, upstream.ToString().TrimEnd('/'), "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--errors" })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["NO_COLOR"] = "1";
        var process = Process.Start(info) ?? throw new InvalidOperationException("prism did not start.");
        var proxy = new PrismProxy(process, new Uri($"http://127.0.0.1:{port}"));
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object? _, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            proxy._log.Enqueue(e.Data);
            if (e.Data.Contains("Prism is listening", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = await Task.WhenAny(listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (started != listening.Task)
        {
            await proxy.DisposeAsync();
            throw new InvalidOperationException("prism proxy did not start listening: " + string.Join('\n', proxy.Log));
        }

        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
