namespace HyperSearch.Engine;

/// <summary>
/// An MLP: InputSize → HiddenLayers[0] → … → Classes. Each hidden layer is Linear → [BatchNorm1d] →
/// activation → [Dropout]. With Maxout the linear layer has width·MaxoutPieces outputs and the
/// activation takes the max over each unit's pieces (Goodfellow et al. 2013), so it has
/// MaxoutPieces times the parameters, as the lecture says.
/// </summary>
public sealed record ModelSpec(
    int InputSize,
    IReadOnlyList<int> HiddenLayers,
    int Classes,
    Activation Activation,
    WeightInit WeightInit,
    bool BatchNorm,
    float Dropout = 0f,
    float LeakySlope = 0.01f,
    int MaxoutPieces = 2)
{
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(HiddenLayers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(InputSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(Classes, 2);
        foreach (int width in HiddenLayers)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width, nameof(HiddenLayers));
        }

        if (!(Dropout >= 0f && Dropout < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "Dropout must be in [0, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxoutPieces, 1);
        if (!Enum.IsDefined(Activation) || !Enum.IsDefined(WeightInit))
        {
            throw new ArgumentOutOfRangeException(nameof(Activation), "Unknown activation or init.");
        }
    }
}
