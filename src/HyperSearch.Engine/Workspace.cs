namespace HyperSearch.Engine;

/// <summary>
/// Activation and gradient buffers for batches of up to <see cref="Capacity"/> rows, allocated once
/// per run so the training loop allocates nothing per batch.
/// </summary>
internal sealed class Workspace
{
    public Workspace(Model model, int capacity)
    {
        Capacity = capacity;
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

    public float[] Input { get; }

    public int[] Labels { get; }

    public float[] Logits { get; }

    public float[] LogitsGrad { get; }

    /// <summary>Per hidden layer: Z = linear output, Normalised = BN output, Activated, Dropped, and their gradients.</summary>
    internal sealed record BlockBuffers(float[] Z, float[] Normalised, float[] Activated, float[] Dropped, float[] OutputGrad, float[] PreGrad, float[] ZGrad);
}
