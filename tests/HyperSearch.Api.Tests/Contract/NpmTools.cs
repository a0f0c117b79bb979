using System.Diagnostics;

namespace HyperSearch.Api.Tests.Contract;

/// <summary>
/// Redocly and Prism as scripts/npm-tools.sh installs them (pinned, into .tools/npm). The first test
/// that needs them runs the script (a no-op when they are there), so a bare <c>dotnet test</c> works too.
/// </summary>
public static class NpmTools
{
    private static readonly Lazy<string> Bin = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string RepoRoot { get; } = FindRoot();

    public static string Redocly => Path.Combine(Bin.Value, "redocly");

    public static string Prism => Path.Combine(Bin.Value, "prism");

    /// <summary>Runs a tool to its end and returns its exit code, standard output and standard error.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? Path.GetTempPath() };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["NO_COLOR"] = "1";
        info.Environment["REDOCLY_TELEMETRY"] = "off";
        info.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(file)} {string.Join(' ', args)} ran longer than {timeout.TotalSeconds:0} s.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static string Install()
    {
        var script = Path.Combine(RepoRoot, "scripts", "npm-tools.sh");
        var (code, output, errors) = RunAsync("bash", [script], TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
        if (code != 0)
        {
            throw new InvalidOperationException($"scripts/npm-tools.sh failed ({code}): {output}{errors}");
        }

        return Path.Combine(RepoRoot, ".tools", "npm", "node_modules", ".bin");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HyperSearch.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("HyperSearch.sln not found above the test output.");
    }
}
