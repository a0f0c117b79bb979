namespace HyperSearch.Api.Tests.Contract;

/// <summary>
/// src/HyperSearch.Client/Generated is Kiota's output for the live document, byte for byte: this test
/// regenerates it (Kiota 1.38.0, the repository's dotnet tool) and fails on any difference, so the
/// document and the client cannot drift. <c>HYPERSEARCH_UPDATE_CLIENT=1</c> writes the new client instead.
/// </summary>
public sealed class ClientDriftTests
{
    private static readonly string Generated = Path.Combine(NpmTools.RepoRoot, "src", "HyperSearch.Client", "Generated");

    [Fact]
    public async Task CheckedInClient_IsWhatKiotaGeneratesFromTheLiveDocument()
    {
        var work = Path.Combine(Path.GetTempPath(), "hs-kiota-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            await using (var app = new HyperSearchApp(settings: new Dictionary<string, string?> { ["HyperSearch:RunWorkers"] = "false" }))
            {
                // The in-memory server answers as http://localhost, so the client's default address is stable.
                await File.WriteAllTextAsync(Path.Combine(work, "v1.json"), await app.CreateClient().GetStringAsync("/openapi/v1.json"));
            }

            var output = Path.Combine(work, "out");
            await Dotnet(["tool", "restore"]);
            await Dotnet(["kiota", "generate", "-l", "CSharp", "-d", Path.Combine(work, "v1.json"), "-o", output, "-n", "HyperSearch.Client",
                "-c", "HyperSearchApiClient", "--exclude-backward-compatible", "--clean-output", "--log-level", "Error"]);
            File.Delete(Path.Combine(output, "kiota-lock.json")); // holds the temp path and a hash, not code

            if (Environment.GetEnvironmentVariable("HYPERSEARCH_UPDATE_CLIENT") == "1")
            {
                if (Directory.Exists(Generated))
                {
                    Directory.Delete(Generated, recursive: true);
                }

                CopyTree(output, Generated);
                return;
            }

            var expected = Files(output);
            var actual = Files(Generated);
            Assert.True(expected.Keys.Order().SequenceEqual(actual.Keys.Order()),
                $"Generated files differ: missing [{string.Join(", ", expected.Keys.Except(actual.Keys))}], extra [{string.Join(", ", actual.Keys.Except(expected.Keys))}]. Run HYPERSEARCH_UPDATE_CLIENT=1 dotnet test --filter ClientDrift.");
            foreach (var (name, text) in expected)
            {
                Assert.True(text == actual[name], $"{name} differs from Kiota's output; run HYPERSEARCH_UPDATE_CLIENT=1 dotnet test --filter ClientDrift.");
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task Dotnet(string[] args)
    {
        var (code, output, errors) = await NpmTools.RunAsync("dotnet", args, TimeSpan.FromMinutes(3), NpmTools.RepoRoot);
        Assert.True(code == 0, $"dotnet {string.Join(' ', args)} → {code}: {output}{errors}");
    }

    private static Dictionary<string, string> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), f => File.ReadAllText(f).ReplaceLineEndings("\n"));

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
