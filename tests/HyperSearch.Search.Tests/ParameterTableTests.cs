namespace HyperSearch.Search.Tests;

public class ParameterTableTests
{
    [Fact]
    public void SearchSpecDoc_HasTheRegistryTable()
    {
        var path = Path.Combine(RepoRoot(), "docs", "search-spec.md");
        var doc = File.ReadAllText(path);
        const string begin = "-->\n";
        var start = doc.IndexOf("<!-- parameters:begin", StringComparison.Ordinal);
        var end = doc.IndexOf("<!-- parameters:end -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "docs/search-spec.md lacks the parameters:begin/end markers");
        var table = doc[(doc.IndexOf(begin, start, StringComparison.Ordinal) + begin.Length)..end];

        // To refresh the doc after changing the registry: HYPERSEARCH_UPDATE_DOCS=1 dotnet test --filter ParameterTable.
        if (Environment.GetEnvironmentVariable("HYPERSEARCH_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, doc.Replace(table, ParameterTable.Markdown(), StringComparison.Ordinal));
            table = ParameterTable.Markdown();
        }

        Assert.Equal(ParameterTable.Markdown(), table);
    }

    [Fact]
    public void Markdown_HasOneRowPerParameter()
    {
        var rows = ParameterTable.Markdown().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();

        Assert.Equal(Parameters.Names.Select(n => $"| `{n}` |"), rows.Select(r => r[..(r.IndexOf('`', 3) + 3)]));
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HyperSearch.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("HyperSearch.sln not found above the test directory.");
    }
}
