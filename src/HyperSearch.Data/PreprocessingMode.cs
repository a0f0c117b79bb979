namespace HyperSearch.Data;

/// <summary>Input preprocessing per CS231n lecture 6; always computed from the TRAINING split only.</summary>
public enum PreprocessingMode
{
    /// <summary>Features as they are (pixels still scaled to [0, 1]).</summary>
    None,

    /// <summary>Subtract the training mean (per feature; per channel for colour images).</summary>
    ZeroCenter,

    /// <summary>Zero-centre, then divide by the training standard deviation + 1e-6 (the reference workload's).</summary>
    Standardize,
}
