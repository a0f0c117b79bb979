using HyperSearch.Engine;
using HyperSearch.Search;

namespace HyperSearch.Service.Specs;

/// <summary>
/// Submit-time checks of a search space's image-only parameters against the dataset: conv blocks and
/// augmentation (cropPadding, horizontalFlip) need an image shape (CSV and synthetic sets have none), and
/// the deepest conv stack the space can draw, with its 2×2 pools and its largest kernel, must leave at
/// least one pixel. Reported under the parameter's field ("space.convBlocks", "space.cropPadding",
/// "space.horizontalFlip"), so a spec fails with a 400 before any trial runs instead of failing its
/// trials one by one.
/// </summary>
public static class ImageSpaceValidation
{
    private const string Field = "space.convBlocks";

    public static void Check(SearchSpace? space, string datasetName, ImageShape? shape, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (space is null)
        {
            return;
        }

        if (shape is null)
        {
            // A space that can turn augmentation on: a range or values reaching above 0, or a true.
            var maxPadding = IntValues(space.Find(Parameters.CropPadding.Name), Parameters.CropPadding.Default).Max();
            if (maxPadding > 0)
            {
                errors.Add($"space.{Parameters.CropPadding.Name}", $"'space.cropPadding' can be {maxPadding}, but dataset '{datasetName}' has no image shape (CSV and synthetic rows are not images); augmentation needs an image dataset (fashion-mnist, mnist, cifar10), or set cropPadding to 0.");
            }

            if (BoolValues(space.Find(Parameters.HorizontalFlip.Name), Parameters.HorizontalFlip.Default).Contains(true))
            {
                errors.Add($"space.{Parameters.HorizontalFlip.Name}", $"'space.horizontalFlip' can be true, but dataset '{datasetName}' has no image shape (CSV and synthetic rows are not images); augmentation needs an image dataset (fashion-mnist, mnist, cifar10), or set horizontalFlip to false.");
            }
        }

        var maxBlocks = IntValues(space.Find(Parameters.ConvBlocks.Name), Parameters.ConvBlocks.Default).Max();
        if (maxBlocks <= 0)
        {
            return;
        }

        if (shape is null)
        {
            errors.Add(Field, $"'space.convBlocks' can be {maxBlocks}, but dataset '{datasetName}' has no image shape (CSV and synthetic rows are not images); conv blocks need an image dataset (fashion-mnist, mnist, cifar10), or set convBlocks to 0.");
            return;
        }

        var pooled = StringValues(space.Find(Parameters.Pooling.Name), Parameters.Pooling.Default).Contains("max");
        foreach (var kernel in IntValues(space.Find(Parameters.KernelSize.Name), Parameters.KernelSize.Default).Distinct())
        {
            var side = Math.Min(shape.Height, shape.Width);
            for (var block = 1; block <= maxBlocks; block++)
            {
                side += (2 * ((kernel - 1) / 2)) - kernel + 1;
                if (side < 1 || (pooled && side < 2))
                {
                    errors.Add(Field, $"{maxBlocks} conv blocks (kernel {kernel}{(pooled ? ", 2×2 max-pool" : "")}) shrink the {shape.Height}x{shape.Width} images of '{datasetName}' below 1x1 at block {block}; use at most {block - 1} blocks{(pooled ? " or pooling \"none\"" : "")}.");
                    return;
                }

                side = pooled ? side / 2 : side;
            }
        }
    }

    /// <summary>Every int a distribution can draw (a range: its ends and, if it spans one, an even value, which is the shrinking case), or the default.</summary>
    private static IEnumerable<int> IntValues(Distribution? distribution, int fallback) => distribution switch
    {
        null => [fallback],
        IntDistribution range => range.Max > range.Min ? [range.Min, range.Max, range.Max % 2 == 0 ? range.Max : range.Max - 1] : [range.Min],
        CategoricalDistribution choices => choices.Choices.OfType<int>().DefaultIfEmpty(fallback),
        PerChoiceDistribution perChoice => perChoice.Cases.SelectMany(c => IntValues(c.Value, fallback)),
        _ => [fallback],
    };

    private static IEnumerable<bool> BoolValues(Distribution? distribution, bool fallback) => distribution switch
    {
        null => [fallback],
        CategoricalDistribution choices => choices.Choices.OfType<bool>(),
        PerChoiceDistribution perChoice => perChoice.Cases.SelectMany(c => BoolValues(c.Value, fallback)),
        _ => [fallback],
    };

    private static IEnumerable<string> StringValues(Distribution? distribution, string fallback) => distribution switch
    {
        null => [fallback],
        CategoricalDistribution choices => choices.Choices.OfType<string>(),
        PerChoiceDistribution perChoice => perChoice.Cases.SelectMany(c => StringValues(c.Value, fallback)),
        _ => [fallback],
    };
}
