using HyperSearch.Engine;

namespace HyperSearch.Data;

/// <summary>
/// One row of <c>GET /api/datasets</c>. Sizes are known even when the files are missing, so a spec
/// can be checked before the data is installed.
/// </summary>
/// <param name="Name">The name a search spec uses.</param>
/// <param name="Kind">Images, synthetic or an uploaded CSV.</param>
/// <param name="Samples">All rows, including the test set.</param>
/// <param name="TrainSamples">Rows train and validation are drawn from.</param>
/// <param name="TestSamples">Official test rows, or the 20 % carved off for sources without one.</param>
/// <param name="Features">Input features per row.</param>
/// <param name="Classes">Number of classes.</param>
/// <param name="Available">Whether the files are here (synthetic and registered uploads always are).</param>
/// <param name="Message">When unavailable: exactly how to get it.</param>
/// <param name="Description">One line on what the dataset is.</param>
/// <param name="Location">The directory the files are read from, when available.</param>
public sealed record DatasetInfo(
    string Name,
    DatasetKind Kind,
    int Samples,
    int TrainSamples,
    int TestSamples,
    int Features,
    int Classes,
    bool Available,
    string? Message,
    string Description,
    string? Location = null)
{
    /// <summary>The (channels, height, width) of an image row; null for CSV and synthetic sets (no conv blocks there).</summary>
    public ImageShape? Shape { get; init; }
}
