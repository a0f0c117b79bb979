using System.Globalization;
using System.Text;

namespace HyperSearch.Search;

/// <summary>
/// The registry as the Markdown table of docs/search-spec.md: the docs are written from
/// <see cref="Parameters"/> (a test fails when the file's table differs), so they cannot drift.
/// </summary>
public static class ParameterTable
{
    public static string Markdown()
    {
        var table = new StringBuilder();
        table.Append("| parameter | kind | default | hard limits or values | range scale default | applies when | meaning |\n");
        table.Append("|---|---|---|---|---|---|---|\n");
        foreach (var p in Parameters.All)
        {
            var limits = p.AllowedStrings is { } values ? string.Join(", ", values.Select(v => $"`{v}`"))
                : p.Kind == ParameterKind.Bool ? "`true`, `false`"
                : p.Kind == ParameterKind.Layers ? $"{Parameters.Depth.Bounds} layers, each width in {Parameters.Width.Bounds}"
                : p.Bounds?.ToString() ?? "—";
            var scale = p.Kind is ParameterKind.Float or ParameterKind.Int ? (p.DefaultScale == ParameterScale.Log ? "**log**" : "linear") : "—";
            var when = p.Condition is { } c ? $"`{c.Parent}` ∈ {{{string.Join(", ", c.Values.Select(v => $"`{v}`"))}}}" : p.IsDerived ? "shorthand for `hiddenLayers`" : "always";
            table.Append(CultureInfo.InvariantCulture, $"| `{p.Name}` | {p.Kind.ToString().ToLowerInvariant()} | `{CategoricalDistribution.ToNode(p.Default).ToJsonString()}` | {limits} | {scale} | {when} | {p.Description} |\n");
        }

        return table.ToString();
    }
}
