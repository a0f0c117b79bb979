using System.Globalization;

namespace HyperSearch.Engine.Tests;

/// <summary>
/// Resumable training: a run checkpointed after some epochs and continued elsewhere (new engine, new
/// data objects, the checkpoint round-tripped through bytes) must be bit-identical to the run done in
/// one call, and a checkpoint must refuse to be restored into anything it does not describe.
/// </summary>
public class CheckpointTests
{
    private static readonly TrainingData Data = Synthetic.Gaussian(700, 12, 4, seed: 31);
    private static readonly ModelSpec Spec = new(12, [24, 16], 4, Activation.ReLU, WeightInit.He, BatchNorm: true, Dropout: 0.25f);

    public static TheoryData<OptimizerKind, int[]> Splits => new()
    {
        { OptimizerKind.SgdMomentum, [3] },
        { OptimizerKind.Adam, [3] },
        { OptimizerKind.Nesterov, [1, 4] },
        { OptimizerKind.Sgd, [5] },
    };

    [Theory]
    [MemberData(nameof(Splits))]
    public void ResumedRun_ThroughBytes_IsBitIdenticalToOneRun(OptimizerKind optimizer, int[] stops)
    {
        var options = Options(optimizer) with { Epochs = 9 };
        var straight = new TensorEngine(1).Train(Spec, options, Train(), Validation());

        var parts = new List<TrainingResult>();
        TrainingCheckpoint? checkpoint = null;
        foreach (int epochs in stops.Append(9))
        {
            // A fresh engine, fresh copies of the data and a checkpoint rebuilt from bytes: what another process would have.
            var part = new TensorEngine(2).Train(Spec, options with { Epochs = epochs, Threads = 2 }, Copy(Train()), Copy(Validation()), checkpoint);
            Assert.Equal(TrainingOutcome.Completed, part.Outcome);
            parts.Add(part);
            checkpoint = TrainingCheckpoint.FromBytes(part.CaptureCheckpoint()!.ToBytes());
            Assert.Equal(epochs, checkpoint.Epoch);
        }

        var resumed = parts[^1];
        Assert.Equal(Digest(straight.Epochs), Digest(parts.SelectMany(p => p.Epochs)));
        Assert.Equal(Enumerable.Range(stops[^1] + 1, 9 - stops[^1]), resumed.Epochs.Select(e => e.Epoch));
        Assert.Equal(Bits(straight.InitialLoss), Bits(resumed.InitialLoss));
        Assert.Equal(straight.SamplesTrained, resumed.SamplesTrained);
        Assert.Equal(Bits(straight.ValidationLoss), Bits(resumed.ValidationLoss));
        Assert.Equal(Bits(straight.ValidationAccuracy), Bits(resumed.ValidationAccuracy));
        Assert.Equal(Bits(straight.TrainLoss), Bits(resumed.TrainLoss));
        Assert.Equal(Bits(straight.TrainAccuracy), Bits(resumed.TrainAccuracy));
        Assert.Equal(straight.Model.Parameters, resumed.Model.Parameters);
        for (int l = 0; l < Spec.HiddenLayers.Count; l++)
        {
            Assert.Equal(straight.Model.Blocks[l].BatchNorm!.RunningMean, resumed.Model.Blocks[l].BatchNorm!.RunningMean);
            Assert.Equal(straight.Model.Blocks[l].BatchNorm!.RunningVar, resumed.Model.Blocks[l].BatchNorm!.RunningVar);
        }

        Assert.Equal(straight.Model.Evaluate(Data), resumed.Model.Evaluate(Data));
    }

    [Fact]
    public void InMemoryCheckpoint_ResumesLikeItsBytes()
    {
        var options = Options(OptimizerKind.Adam) with { Epochs = 2 };
        var first = Engine().Train(Spec, options, Train(), Validation());
        var checkpoint = first.CaptureCheckpoint()!;

        var direct = Engine().Train(Spec, options with { Epochs = 4 }, Train(), Validation(), checkpoint);
        var viaBytes = Engine().Train(Spec, options with { Epochs = 4 }, Train(), Validation(), TrainingCheckpoint.FromBytes(checkpoint.ToBytes()));

        Assert.Equal(Digest(direct.Epochs), Digest(viaBytes.Epochs));
        Assert.Equal(checkpoint.ToBytes(), first.CaptureCheckpoint()!.ToBytes()); // capturing twice copies the same state
        Assert.Equal(checkpoint.SizeInBytes, checkpoint.ToBytes().Length);
        Assert.Equal(first.SamplesTrained, checkpoint.SamplesTrained);
    }

    [Fact]
    public void Restore_GivesTheRunsFinalNetwork_WithoutTraining_AndRefusesAnotherModel()
    {
        var options = Options(OptimizerKind.Adam) with { Epochs = 3 };
        var run = Engine().Train(Spec, options, Train(), Validation());
        var bytes = run.CaptureCheckpoint()!.ToBytes();

        var model = new TensorEngine(2).Restore(Spec, options, Copy(Train()), TrainingCheckpoint.FromBytes(bytes));

        Assert.Equal(run.Model.Parameters, model.Parameters);
        Assert.Equal(run.Model.Evaluate(Data), model.Evaluate(Data));
        Assert.Equal(Bits(run.ValidationAccuracy), Bits(model.Evaluate(Validation()).Accuracy));
        var other = Spec with { HiddenLayers = [24, 8] };
        Assert.Throws<ArgumentException>(() => Engine().Restore(other, options, Train(), TrainingCheckpoint.FromBytes(bytes)));
    }

    [Fact]
    public void Resume_IntoAnotherModelShape_Throws()
    {
        var checkpoint = TrainTo(2);
        var options = Options(OptimizerKind.SgdMomentum) with { Epochs = 4 };

        var wider = Assert.Throws<ArgumentException>(() => Engine().Train(Spec with { HiddenLayers = [24, 8] }, options, Train(), Validation(), checkpoint));
        Assert.Contains("HiddenLayers [24, 16] saved, [24, 8] given", wider.Message, StringComparison.Ordinal);
        Assert.Equal("resumeFrom", wider.ParamName);
        var noBn = Assert.Throws<ArgumentException>(() => Engine().Train(Spec with { BatchNorm = false }, options, Train(), Validation(), checkpoint));
        Assert.Contains("BatchNorm", noBn.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_WithOtherOptionsOrData_Throws_AndEpochsIsTheTotal()
    {
        var checkpoint = TrainTo(3);
        var options = Options(OptimizerKind.SgdMomentum);

        var batch = Assert.Throws<ArgumentException>(() => Engine().Train(Spec, options with { Epochs = 5, BatchSize = 64 }, Train(), Validation(), checkpoint));
        Assert.Contains("BatchSize 32 saved, 64 given", batch.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Engine().Train(Spec, options with { Epochs = 5, Optimizer = OptimizerKind.Adam }, Train(), Validation(), checkpoint));
        Assert.Throws<ArgumentException>(() => Engine().Train(Spec, options with { Epochs = 5, Seed = 18 }, Train(), Validation(), checkpoint));
        var data = Assert.Throws<ArgumentException>(() => Engine().Train(Spec, options with { Epochs = 5 }, Data.Slice(1, 600), Validation(), checkpoint));
        Assert.Contains("other data", data.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Engine().Train(Spec, options with { Epochs = 5 }, Scaled(Train(), 1.001f), Validation(), checkpoint));
        var behind = Assert.Throws<ArgumentException>(() => Engine().Train(Spec, options with { Epochs = 2 }, Train(), Validation(), checkpoint));
        Assert.Contains("after epoch 3", behind.Message, StringComparison.Ordinal);

        var nothingToDo = Engine().Train(Spec, options with { Epochs = 3, Threads = 2 }, Train(), Validation(), checkpoint);
        Assert.Equal(TrainingOutcome.Completed, nothingToDo.Outcome);
        Assert.Empty(nothingToDo.Epochs);
        Assert.Equal(checkpoint.SamplesTrained, nothingToDo.SamplesTrained);
    }

    [Fact]
    public void FromBytes_TruncatedCorruptedOrForeign_Throws()
    {
        byte[] bytes = TrainTo(1).ToBytes();

        foreach (int length in new[] { 0, 3, 11, 15, 16, 200, bytes.Length / 2, bytes.Length - 1 })
        {
            var e = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.FromBytes(bytes.AsSpan(0, length)));
            Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        }

        Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.FromBytes([.. bytes, 0]));
        foreach (int offset in new[] { 40, 300, bytes.Length / 2, bytes.Length - 5, bytes.Length - 1 })
        {
            byte[] flipped = (byte[])bytes.Clone();
            flipped[offset] ^= 0x10;
            var e = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.FromBytes(flipped));
            Assert.Contains("CRC-32C", e.Message, StringComparison.Ordinal);
        }

        byte[] foreign = (byte[])bytes.Clone();
        foreign[0] = (byte)'X';
        Assert.Contains("HSCK", Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.FromBytes(foreign)).Message, StringComparison.Ordinal);
        byte[] future = (byte[])bytes.Clone();
        future[4] = 3;
        Assert.Contains("version 3", Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.FromBytes(future)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResumedDivergingRun_DivergesAtTheSameBatch()
    {
        // The learning rate grows 4× per epoch, so the loss passes 3× the initial loss a few epochs in.
        var options = Options(OptimizerKind.SgdMomentum) with { Epochs = 12, LearningRate = 0.02, Decay = LearningRateDecay.Exponential, DecayRate = 4 };
        var straight = Engine().Train(Spec, options, Train(), Validation());
        Assert.Equal(TrainingOutcome.Diverged, straight.Outcome);
        Assert.Null(straight.CaptureCheckpoint());
        Assert.InRange(straight.Epochs.Count, 4, 10);
        Assert.StartsWith("loss ", straight.DivergenceReason, StringComparison.Ordinal); // the per-batch 3× rule, mid-epoch (epoch 5, batch 6)

        var checkpoint = Engine().Train(Spec, options with { Epochs = 3 }, Train(), Validation()).CaptureCheckpoint()!;
        var resumed = Engine().Train(Spec, options, Copy(Train()), Validation(), TrainingCheckpoint.FromBytes(checkpoint.ToBytes()));

        Assert.Equal(TrainingOutcome.Diverged, resumed.Outcome);
        Assert.Equal(straight.DivergenceReason, resumed.DivergenceReason);
        Assert.Equal(straight.SamplesTrained, resumed.SamplesTrained);
        Assert.Equal(Digest(straight.Epochs.Skip(3)), Digest(resumed.Epochs));
        Assert.Equal(straight.Model.Parameters, resumed.Model.Parameters);
    }

    [Fact]
    public void EarlyStopHook_StopsAfterTheRequestedEpoch_AndTheStoppedRunCanBeResumed()
    {
        var options = Options(OptimizerKind.Adam) with { Epochs = 10 };
        var seen = new List<int>();

        var stopped = Engine().Train(Spec, options, Train(), Validation(), resumeFrom: null, onEpoch: m =>
        {
            seen.Add(m.Epoch);
            return m.Epoch == 2 ? EpochDecision.Stop : EpochDecision.Continue;
        });

        Assert.Equal(TrainingOutcome.Stopped, stopped.Outcome);
        Assert.Equal([1, 2], seen);
        Assert.Equal(2, stopped.Epochs.Count);
        Assert.Equal(2 * (600 / 32) * 32, stopped.SamplesTrained);
        Assert.Null(stopped.DivergenceReason);
        var checkpoint = stopped.CaptureCheckpoint()!;
        Assert.Equal(2, checkpoint.Epoch);

        // A pruned trial can still be promoted later: continuing it is the same as never stopping.
        var straight = Engine().Train(Spec, options with { Epochs = 5 }, Train(), Validation());
        var revived = Engine().Train(Spec, options with { Epochs = 5 }, Train(), Validation(), checkpoint);
        Assert.Equal(Digest(straight.Epochs.Skip(2)), Digest(revived.Epochs));
        var stopAtTheEnd = Engine().Train(Spec, options with { Epochs = 2 }, Train(), Validation(), null, m => m.Epoch == 2 ? EpochDecision.Stop : EpochDecision.Continue);
        Assert.Equal(TrainingOutcome.Completed, stopAtTheEnd.Outcome); // nothing was left to stop
        Assert.Equal(2, stopAtTheEnd.Epochs.Count);
    }

    [Fact]
    public void CancelledRun_HasNoCheckpoint()
    {
        using var cts = new CancellationTokenSource();
        var result = Engine().Train(Spec, Options(OptimizerKind.SgdMomentum) with { Epochs = 5 }, Train(), Validation(), m =>
        {
            if (m.Epoch == 1)
            {
                cts.Cancel();
            }
        }, cts.Token);

        Assert.Equal(TrainingOutcome.Cancelled, result.Outcome);
        Assert.Null(result.CaptureCheckpoint());
    }

    [Fact]
    public void OldCallShapes_StillBindToTheActionOverload()
    {
        // The service and the benchmarks pass (…, null, token) and Action lambdas; they must keep compiling.
        var options = Options(OptimizerKind.Sgd) with { Epochs = 1 };
        var a = Engine().Train(Spec, options, Train(), Validation(), null, CancellationToken.None);
        var b = Engine().Train(Spec, options, Train(), Validation(), m => Assert.Equal(1, m.Epoch), CancellationToken.None);
        Assert.Equal(Digest(a.Epochs), Digest(b.Epochs));
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd, 2_143_556)]
    [InlineData(OptimizerKind.SgdMomentum, 4_286_828)]
    [InlineData(OptimizerKind.Adam, 6_430_100)]
    public void ReferenceMlpCheckpoint_HasTheDocumentedSize(OptimizerKind optimizer, int bytes)
    {
        // docs/engine.md: 276 + 4·L + 4·(P + M + V + R); the reference MLP has L = 2, P = 535,818, R = 0.
        var spec = new ModelSpec(784, [512, 256], 10, Activation.ReLU, WeightInit.He, BatchNorm: false);
        var data = Synthetic.Gaussian(64, 784, 10, seed: 32);
        var result = Engine().Train(spec, new TrainingOptions { Optimizer = optimizer, BatchSize = 32, Epochs = 1 }, data, data);

        var checkpoint = result.CaptureCheckpoint()!;

        Assert.Equal(535_818, result.Model.ParameterCount);
        Assert.Equal(bytes, checkpoint.SizeInBytes);
        Assert.Equal(276 + (4 * 2) + (4 * 535_818 * (optimizer switch { OptimizerKind.Sgd => 1, OptimizerKind.Adam => 3, _ => 2 })), bytes);
        var withBn = Engine().Train(spec with { BatchNorm = true }, new TrainingOptions { BatchSize = 32, Epochs = 1 }, data, data).CaptureCheckpoint()!;
        Assert.Equal(276 + 8 + (4 * (2 * (535_818 + 1536) + 1536)), withBn.SizeInBytes); // γ, β are parameters; running mean/var R = 1536
    }

    private static TensorEngine Engine() => new(2);

    private static TrainingOptions Options(OptimizerKind optimizer) => new()
    {
        LearningRate = optimizer == OptimizerKind.Adam ? 3e-3 : 0.05, Optimizer = optimizer, BatchSize = 32, Seed = 17, Regularization = 1e-3,
        Decay = LearningRateDecay.Step, DecayRate = 0.5, DecayStepEpochs = 2, TrainEvaluationRows = 300, LabelSmoothing = 0.05,
    };

    private static TrainingData Train() => Data.Slice(0, 600);

    private static TrainingData Validation() => Data.Slice(600, 100);

    private static TrainingCheckpoint TrainTo(int epochs) =>
        Engine().Train(Spec, Options(OptimizerKind.SgdMomentum) with { Epochs = epochs }, Train(), Validation()).CaptureCheckpoint()!;

    private static TrainingData Copy(TrainingData d) => new(d.Features.ToArray(), d.Labels.ToArray(), d.FeatureCount, d.ClassCount);

    private static TrainingData Scaled(TrainingData d, float factor) =>
        new(d.Features.ToArray().Select(v => v * factor).ToArray(), d.Labels.ToArray(), d.FeatureCount, d.ClassCount);

    private static string Bits(double v) => BitConverter.DoubleToInt64Bits(v).ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>Every EpochMetrics field but the wall-clock Seconds, as exact bits.</summary>
    private static string Digest(IEnumerable<EpochMetrics> epochs) => string.Join("\n", epochs.Select(e =>
        $"{e.Epoch}:{Bits(e.TrainLoss)},{Bits(e.TrainAccuracy)},{Bits(e.ValidationLoss)},{Bits(e.ValidationAccuracy)},{Bits(e.LearningRate)},{Bits(e.RunningTrainLoss)}|"
        + string.Join("|", e.Layers.Select(l => $"{l.Layer},{Bits(l.ActivationMean)},{Bits(l.ActivationStd)},{Bits(l.DeadFraction)},{Bits(l.SaturatedFraction)},{Bits(l.UpdateToWeightRatio)}"))));
}
