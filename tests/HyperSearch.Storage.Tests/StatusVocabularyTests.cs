using System.Text.RegularExpressions;
using HyperSearch.Core;

namespace HyperSearch.Storage.Tests;

/// <summary>The migrations' CHECK constraints accept exactly the status names the code stores and the API shows.</summary>
public sealed partial class StatusVocabularyTests
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public void MigrationChecks_ListEveryStatusName(string backend)
    {
        var sql = string.Concat(Directory.GetFiles(Path.Combine(RepoRoot(), "migrations", backend), "*.sql").Order().Select(File.ReadAllText));

        Assert.Equal(EnumNames<SearchStatus>.All.Order(), LastCheck(sql, "searches"));
        Assert.Equal(EnumNames<TrialStatus>.All.Order(), LastCheck(sql, "trials"));
    }

    // The status CHECK of the table's CREATE TABLE (a later migration that widens it must update this test).
    private static IEnumerable<string> LastCheck(string sql, string table)
    {
        var definition = sql.Split("CREATE TABLE ", StringSplitOptions.None).Single(part => part.StartsWith(table + " ", StringComparison.Ordinal));
        var check = StatusCheck().Match(definition);
        Assert.True(check.Success, $"no status CHECK in {table}");
        return Regex.Matches(check.Groups["names"].Value, "'([a-z_]+)'").Select(m => m.Groups[1].Value).Order();
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HyperSearch.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("HyperSearch.sln not found above the test directory.");
    }

    [GeneratedRegex(@"status\s+text\s+NOT NULL\s+CHECK \(status IN \((?<names>[^)]*)\)\)", RegexOptions.IgnoreCase)]
    private static partial Regex StatusCheck();
}
