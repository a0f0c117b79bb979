namespace HyperSearch.Cli;

/// <summary>What the watcher shows of one stage.</summary>
internal sealed record StageLine(int Stage, int Total, int Done, int Running, double? BestValidationAccuracy)
{
    public string Describe() => $"stage {Stage}: {Done}/{Total} trials done, {Running} running, best validation {CliApp.Percent(BestValidationAccuracy)}";
}
