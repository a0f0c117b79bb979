using HyperSearch.Core;

namespace HyperSearch.Engine.Tests;

/// <summary>The submit-time size estimate against the models the engine really builds (issue 12: the per-trial model-size cap).</summary>
public sealed class ModelFootprintTests
{
    private static readonly ImageShape Mnist = new(1, 28, 28);

    public static TheoryData<string, ModelSpec> Specs => new()
    {
        { "linear softmax", new ModelSpec(784, [], 10, Activation.ReLU, WeightInit.He, BatchNorm: false) },
        { "reference MLP", new ModelSpec(784, [512, 256], 10, Activation.ReLU, WeightInit.He, BatchNorm: false) },
        { "MLP, batch norm and dropout", new ModelSpec(30, [64, 33, 7], 4, Activation.Tanh, WeightInit.Xavier, BatchNorm: true, Dropout: 0.5f) },
        { "maxout, 3 pieces, batch norm", new ModelSpec(20, [16, 9], 3, Activation.Maxout, WeightInit.He, BatchNorm: true, MaxoutPieces: 3) },
        {
            "CNN, 2 pooled blocks", new ModelSpec(784, [128], 10, Activation.ReLU, WeightInit.He, BatchNorm: false)
            {
                InputShape = Mnist, ConvBlocks = [new ConvBlockSpec(8, 3, MaxPool: true), new ConvBlockSpec(16, 3, MaxPool: true)],
            }
        },
        {
            "CNN, conv batch norm, even kernel, no pool, dense batch norm", new ModelSpec(3 * 12 * 12, [20], 5, Activation.LeakyReLU, WeightInit.He, BatchNorm: true, Dropout: 0.2f)
            {
                InputShape = new ImageShape(3, 12, 12), ConvBlocks = [new ConvBlockSpec(4, 4, BatchNorm: true), new ConvBlockSpec(6, 5, BatchNorm: true, MaxPool: true)],
            }
        },
        {
            "CNN, straight into the output layer", new ModelSpec(784, [], 10, Activation.ELU, WeightInit.He, BatchNorm: false)
            {
                InputShape = Mnist, ConvBlocks = [new ConvBlockSpec(4, 7, MaxPool: true)],
            }
        },
    };

    [Theory]
    [MemberData(nameof(Specs))]
    public void Estimate_CountsExactlyTheParametersTheEngineBuilds(string name, ModelSpec spec)
    {
        var model = new Model(spec, new Rng(1, 1));

        var footprint = ModelFootprint.Estimate(spec, OptimizerKind.Adam, 32);

        Assert.True(model.ParameterCount == footprint.Parameters, $"{name}: engine {model.ParameterCount}, estimate {footprint.Parameters}");
        Assert.Equal(2L * 4 * model.ParameterCount, footprint.WeightBytes);
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Estimate_ActivationBytes_AreTheTrainingBuffersTheEngineAllocates(string name, ModelSpec spec)
    {
        const int batch = 24;
        var model = new Model(spec, new Rng(1, 1));
        var ws = new Workspace(model, batch);

        // Every distinct buffer of the training workspace (a block without a pool shares its activation gradient)
        // plus what the layers allocate at this batch: batch norm's x̂, dropout's mask.
        var buffers = new HashSet<Array>(ReferenceEqualityComparer.Instance) { ws.Input, ws.Labels, ws.Logits, ws.LogitsGrad };
        foreach (var c in ws.Conv)
        {
            buffers.UnionWith([c.Activated, c.Pooled, c.ActivatedGrad, c.OutputGrad]);
        }

        foreach (var b in ws.Blocks)
        {
            buffers.UnionWith([b.Z, b.Normalised, b.Activated, b.Dropped, b.OutputGrad, b.PreGrad, b.ZGrad]);
        }

        long floats = buffers.Sum(a => (long)a.Length);
        floats += model.Blocks.Sum(b => (b.BatchNorm is null ? 0L : (long)batch * b.Linear.OutFeatures) + (b.Dropout is null ? 0L : (long)batch * b.Width));

        var footprint = ModelFootprint.Estimate(spec, OptimizerKind.Sgd, batch);

        Assert.True(4 * floats == footprint.ActivationBytes, $"{name}: engine {4 * floats} bytes, estimate {footprint.ActivationBytes}");
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd, 0)]
    [InlineData(OptimizerKind.SgdMomentum, 1)]
    [InlineData(OptimizerKind.Nesterov, 1)]
    [InlineData(OptimizerKind.Adam, 2)]
    public void Estimate_OptimizerState_IsPerParameterSlots(OptimizerKind optimizer, int slots)
    {
        var spec = new ModelSpec(784, [512, 256], 10, Activation.ReLU, WeightInit.He, BatchNorm: false);

        var footprint = ModelFootprint.Estimate(spec, optimizer, 128);

        Assert.Equal(535_818, footprint.Parameters);
        Assert.Equal(slots * 4L * 535_818, footprint.OptimizerBytes);
        Assert.Equal(footprint.WeightBytes + footprint.OptimizerBytes + footprint.ActivationBytes, footprint.TotalBytes);
    }

    [Fact]
    public void Estimate_OfAModelTooLargeToBuild_IsComputedWithoutOverflow()
    {
        var spec = new ModelSpec(784, [16384, 16384, 16384], 10, Activation.Maxout, WeightInit.He, BatchNorm: true, MaxoutPieces: 4);

        var footprint = ModelFootprint.Estimate(spec, OptimizerKind.Adam, 4096);

        Assert.True(footprint.Parameters > int.MaxValue / 2, $"{footprint.Parameters}");
        Assert.Throws<ArgumentException>(() => new Model(spec, new Rng(1, 1)));
    }
}
