namespace HyperSearch.Data;

/// <summary>
/// The statistics a prepared dataset was normalised with, all computed from its training split and
/// applied unchanged to validation and test. Kept so a result can say exactly what the model saw.
/// </summary>
public sealed class PreprocessingStats
{
    internal PreprocessingStats(PreprocessingMode mode, bool scaledPixels, int channels, float[] mean, float[] std, int trainingRows)
    {
        Mode = mode;
        ScaledPixels = scaledPixels;
        Channels = channels;
        Mean = mean;
        Std = std;
        TrainingRows = trainingRows;
    }

    public PreprocessingMode Mode { get; }

    /// <summary>The spec name of <see cref="Mode"/>.</summary>
    public string ModeName => Preprocessing.ToName(Mode);

    /// <summary>True when pixel bytes were divided by 255 before anything else.</summary>
    public bool ScaledPixels { get; }

    /// <summary>When above 1, Mean and Std have one value per channel (CIFAR-10's R, G, B); otherwise one per feature.</summary>
    public int Channels { get; }

    /// <summary>The training mean subtracted; empty for <see cref="PreprocessingMode.None"/>.</summary>
    public ReadOnlyMemory<float> Mean { get; }

    /// <summary>
    /// The training standard deviation (sample, n-1, as torch.std), before the 1e-6 is added; empty
    /// unless <see cref="PreprocessingMode.Standardize"/>.
    /// </summary>
    public ReadOnlyMemory<float> Std { get; }

    /// <summary>How many rows the statistics were computed over (the training split).</summary>
    public int TrainingRows { get; }
}
