namespace HyperSearch.Api.Contracts;

/// <summary>
/// One epoch of a trial: losses include the L2 term; accuracies are of the model at the end of the epoch.
/// A metric that was not finite (a diverged loss) is null: JSON has no NaN.
/// </summary>
public sealed record EpochResponse(int Epoch, double? TrainLoss, double? TrainAccuracy, double? ValidationLoss, double? ValidationAccuracy, double? LearningRate, double? Seconds)
{
    public static EpochResponse From(HyperSearch.Storage.EpochRecord e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.Epoch, WireNumbers.Finite(e.TrainLoss), WireNumbers.Finite(e.TrainAccuracy), WireNumbers.Finite(e.ValidationLoss),
            WireNumbers.Finite(e.ValidationAccuracy), WireNumbers.Finite(e.LearningRate), WireNumbers.Finite(e.Seconds));
    }
}
