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

    // The newest status CHECK of the table over all migrations, in order: its CREATE TABLE, or a later
    // statement that widens it (PostgreSQL: ADD CONSTRAINT; SQLite: the schema text rewritten in place).
    private static IEnumerable<string> LastCheck(string sql, string table)
    {
        var statements = sql.Split(';').Where(st =>
            st.Contains($"CREATE TABLE {table} ", StringComparison.Ordinal)
            || st.Contains($"ALTER TABLE {table} ADD CONSTRAINT", StringComparison.Ordinal)
            || st.Contains($"name = '{table}'", StringComparison.Ordinal));
        var check = statements.Select(st => StatusCheck().Matches(st).LastOrDefault()).LastOrDefault(m => m is not null);
        Assert.True(check is not null, $"no status CHECK for {table}");
        return Regex.Matches(check.Groups["names"].Value, "'([a-z_]+)'").Select(m => m.Groups[1].Value).Distinct().Order();
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

    [GeneratedRegex(@"CHECK \(status IN \((?<names>[^)]*)\)\)", RegexOptions.IgnoreCase)]
    private static partial Regex StatusCheck();
}
