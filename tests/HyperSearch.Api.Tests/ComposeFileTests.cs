using YamlDotNet.RepresentationModel;

namespace HyperSearch.Api.Tests;

/// <summary>No Docker engine runs here: the compose file is parsed and its wiring checked.</summary>
public sealed class ComposeFileTests
{
    private static YamlMappingNode Services()
    {
        var repo = RepoRoot();
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(repo, "docker-compose.yml"));
        yaml.Load(reader);
        var doc = (YamlMappingNode)yaml.Documents[0].RootNode;
        return (YamlMappingNode)doc["services"];
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "HyperSearch.sln")))
        {
            dir = dir.Parent;
        }

        return dir.FullName;
    }

    [Fact]
    public void Compose_HasPostgresApiAndAScalableWorker()
    {
        var services = Services();

        Assert.Equal(["postgres", "api", "worker"], services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!));
        Assert.StartsWith("postgres:", ((YamlScalarNode)((YamlMappingNode)services["postgres"])["image"]).Value, StringComparison.Ordinal);
        var worker = (YamlMappingNode)services["worker"];
        Assert.False(worker.Children.ContainsKey("ports"), "a scaled worker must not bind fixed host ports");
        Assert.False(worker.Children.ContainsKey("container_name"), "a scaled worker must not have a fixed container name");
    }

    [Theory]
    [InlineData("api", "src/HyperSearch.Api/Dockerfile")]
    [InlineData("worker", "src/HyperSearch.Worker/Dockerfile")]
    public void ApiAndWorker_BuildFromTheirDockerfiles_AndShareThePostgresConnection(string service, string dockerfile)
    {
        var s = (YamlMappingNode)Services()[service];
        var build = (YamlMappingNode)s["build"];
        Assert.Equal(dockerfile, ((YamlScalarNode)build["dockerfile"]).Value);
        Assert.True(File.Exists(Path.Combine(RepoRoot(), dockerfile)));
        var env = (YamlMappingNode)s["environment"];
        var cs = ((YamlScalarNode)env["ConnectionStrings__Postgres"]).Value!;
        Assert.Contains("Host=postgres", cs, StringComparison.Ordinal);
        var pg = (YamlMappingNode)((YamlMappingNode)Services()["postgres"])["environment"];
        Assert.Contains($"Database={((YamlScalarNode)pg["POSTGRES_DB"]).Value}", cs, StringComparison.Ordinal);
        Assert.Contains($"Username={((YamlScalarNode)pg["POSTGRES_USER"]).Value}", cs, StringComparison.Ordinal);
        var dependsOn = (YamlMappingNode)s["depends_on"];
        Assert.True(dependsOn.Children.ContainsKey("postgres"));
    }
}
