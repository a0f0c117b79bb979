namespace HyperSearch.Engine;

/// <summary>
/// Activation and gradient buffers for batches of up to <see cref="Capacity"/> rows, allocated once
/// per run so the training loop allocates nothing per batch.
/// </summary>
internal sealed class Workspace
{
    /// <param name="gradients">False for evaluation-only workspaces: the conv blocks' gradient buffers are not allocated.</param>
    public Workspace(Model model, int capacity, bool gradients = true)
    {
        Capacity = capacity;
        var conv = new ConvBuffers[model.ConvBlocks.Count];
        for (int i = 0; i < conv.Length; i++)
        {
            var c = model.ConvBlocks[i];
            int activated = c.ActivatedSize * capacity;
            int output = c.OutputSize * capacity;
            float[] pooled = c.Pool is null ? [] : new float[output];
            float[] activatedGrad = gradients ? new float[activated] : [];
            // Without a pool the block's output is its activation, and so is the gradient the next layer writes.
            float[] outputGrad = !gradients ? [] : c.Pool is null ? activatedGrad : new float[output];
            conv[i] = new ConvBuffers(new float[activated], pooled, activatedGrad, outputGrad);
        }

        Conv = conv;
        var blocks = new BlockBuffers[model.Blocks.Count];
        for (int l = 0; l < blocks.Length; l++)
        {
            var b = model.Blocks[l];
            int wide = b.Linear.OutFeatures * capacity;
            int narrow = b.Width * capacity;
            blocks[l] = new BlockBuffers(
                new float[wide],
                b.BatchNorm is null ? [] : new float[wide],
                new float[narrow],
                b.Dropout is null ? [] : new float[narrow],
                new float[narrow],
                new float[wide],
                b.BatchNorm is null ? [] : new float[wide]);
        }

        Blocks = blocks;
        Input = new float[capacity * model.Spec.InputSize];
        Labels = new int[capacity];
        Logits = new float[capacity * model.Spec.Classes];
        LogitsGrad = new float[capacity * model.Spec.Classes];
    }

    public int Capacity { get; }

    public BlockBuffers[] Blocks { get; }

    public ConvBuffers[] Conv { get; }

    public float[] Input { get; }

    public int[] Labels { get; }

    public float[] Logits { get; }

    public float[] LogitsGrad { get; }

    /// <summary>Per hidden layer: Z = linear output, Normalised = BN output, Activated, Dropped, and their gradients.</summary>
    internal sealed record BlockBuffers(float[] Z, float[] Normalised, float[] Activated, float[] Dropped, float[] OutputGrad, float[] PreGrad, float[] ZGrad);

    /// <summary>
    /// Per conv block: Activated = conv output, normalised and activated in place (B, OH, OW, F); Pooled
    /// (B, OH/2, OW/2, F) when the block pools; their gradients (OutputGrad is ActivatedGrad without a pool).
    /// </summary>
    internal sealed record ConvBuffers(float[] Activated, float[] Pooled, float[] ActivatedGrad, float[] OutputGrad);
}
