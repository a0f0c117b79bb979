namespace HyperSearch.Search.Scheduling;

/// <summary>A decision of <see cref="AshaPromotion.Promotions"/>: train <paramref name="Trial"/> on from <paramref name="FromRung"/> to <paramref name="ToRung"/>.</summary>
/// <param name="TargetEpochs">Total epochs the trial should have trained when it reports again (ToRung's milestone).</param>
public readonly record struct RungPromotion(int Trial, int FromRung, int ToRung, int TargetEpochs);
