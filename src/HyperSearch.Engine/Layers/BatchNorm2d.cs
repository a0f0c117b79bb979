namespace HyperSearch.Engine.Layers;

/// <summary>
/// Batch normalisation per channel of (B, H, W, C) activations (Ioffe &amp; Szegedy 2015, PyTorch's
/// BatchNorm2d): the statistics of a channel are taken over every pixel of every sample. In NHWC that
/// is <see cref="BatchNorm1d"/> over B·H·W rows of C features, so this delegates to it, with the same
/// conventions (biased variance to normalise, unbiased over B·H·W into the running average, momentum
/// 0.1, ε 1e-5; eval mode uses the running averages).
/// </summary>
internal sealed class BatchNorm2d(int channels, int pixels, Memory<float> gamma, Memory<float> beta, Memory<float> gammaGrad, Memory<float> betaGrad)
{
    private readonly BatchNorm1d _rows = new(channels, gamma, beta, gammaGrad, betaGrad);

    public int Channels { get; } = channels;

    /// <summary>H·W of the normalised activations.</summary>
    public int Pixels { get; } = pixels;

    public Memory<float> Gamma => _rows.Gamma;

    public Memory<float> Beta => _rows.Beta;

    public Memory<float> GammaGrad => _rows.GammaGrad;

    public Memory<float> BetaGrad => _rows.BetaGrad;

    public float[] RunningMean => _rows.RunningMean;

    public float[] RunningVar => _rows.RunningVar;

    /// <summary>y (B, H, W, C) = γ·x̂ + β per channel (in place allowed).</summary>
    public void Forward(Span<float> y, ReadOnlySpan<float> x, int batch, bool training, bool updateRunning = true) =>
        _rows.Forward(y, x, batch * Pixels, training, updateRunning);

    /// <summary>Training-mode backward (dγ, dβ added or overwritten; dx overwritten; in place allowed).</summary>
    public void Backward(Span<float> dx, ReadOnlySpan<float> dy, int batch, bool accumulate = true) =>
        _rows.Backward(dx, dy, batch * Pixels, accumulate);
}
