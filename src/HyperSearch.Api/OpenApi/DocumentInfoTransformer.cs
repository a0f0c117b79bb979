using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace HyperSearch.Api.OpenApi;

/// <summary>The document's title, description, server address and tags (every tag an operation uses, with what it groups).</summary>
internal sealed class DocumentInfoTransformer : IOpenApiDocumentTransformer
{
    /// <summary>The tags the endpoints use, in the order a reader meets them.</summary>
    public static readonly IReadOnlyList<(string Name, string Description)> Tags =
    [
        ("Searches", "Submit hyperparameter searches (random, grid, Sobol; coarse-to-fine; ASHA or median stopping), follow them, cancel them, read and export their trials."),
        ("Trials", "One trial with its per-epoch learning curves and per-layer diagnostics."),
        ("Comparisons", "Random vs grid (and optionally one more arm) on the same space, split, seed and budget."),
        ("Datasets", "Built-in datasets and CSV uploads a search can train on."),
        ("Schema", "The hyperparameter registry and the vocabularies, for clients that build specs."),
        ("Health", "Whether the store and the job queue answer."),
    ];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info.Title = "HyperSearch API";
        document.Info.Version = "v1";
        document.Info.Description =
            "Hyperparameter search jobs (random, grid, Sobol; coarse-to-fine; ASHA and median stopping) for neural networks "
            + "trained by HyperSearch's own engine, after CS231n lecture 6. JSON, camelCase; numbers are plain JSON numbers "
            + "(a value that is not finite is null); every error is RFC 7807 problem details. See docs/api.md.";

        // The generator writes the request's base address with a trailing slash; paths start with one.
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
        return Task.CompletedTask;
    }
}
