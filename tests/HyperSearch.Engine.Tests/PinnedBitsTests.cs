namespace HyperSearch.Engine.Tests;

/// <summary>
/// Bits of two small runs recorded before checkpoints, label smoothing and the Trainer/Gemm splits
/// existed, so any change that claims "no numerical change" is checked against the code as it was,
/// not against itself. The runs avoid the few reductions whose order follows the vector width
/// (λ = 0, so no TensorPrimitives.Dot; 4 classes, so the scalar softmax; ReLU, so no vector exp):
/// they give the same bits on AVX-512 and AVX2 machines (checked with DOTNET_EnableAVX512=0; the
/// portable no-AVX2 micro-kernel rounds differently and is not pinned).
/// </summary>
public class PinnedBitsTests
{
    private static readonly TensorEngine Engine = new(2);

    [Theory]
    [InlineData(OptimizerKind.SgdMomentum, "3fdd7579b58a1126,3fedf92c5f92c5f9,3fe06ce43e480988,3fed1eb851eb851f,3ff2496357cc88a5,3fa999999999999a;3fd03a3e14cedb56,3fee9d0369d0369d,3fd7df759946e34f,3fee147ae147ae14,3fe19942aae70335,3fa999999999999a;3fccc662cd0b10c3,3fef0a3d70a3d70a,3fd41401310a74af,3fed70a3d70a3d71,3fddc5fe02e38a7e,3f9999999999999a;3fc84b8cbe6a39ac,3fef40da740da741,3fd13f5613c575e0,3fee666666666666,3fd9ac61626f840a,3f9999999999999a#3ffa7100853b2701#2304#e09e4f0824409fb0")]
    [InlineData(OptimizerKind.Adam, "3ff1577f51ffae18,3fe206d3a06d3a07,3ff0e2bbdcf9ed53,3fe23d70a3d70a3d,3ff900ba241e78f1,3f689374bc6a7efa;3fea4e970efdcf28,3fe851eb851eb852,3fea36b1890a1cfa,3fe7ae147ae147ae,3ff1760a98b26a27,3f689374bc6a7efa;3fe8370f10c5ace0,3fe947ae147ae148,3fe85a911ed8bd7f,3fe947ae147ae148,3fed5bb6b78e37db,3f589374bc6a7efa;3fe5c18f70d76525,3fea8f5c28f5c28f,3fe66763aa4f48d2,3feae147ae147ae1,3fec1491a58020bc,3f589374bc6a7efa#3ffa7100853b2701#2304#f51c662da24ea799")]
    public void SmallRuns_ReproduceTheirRecordedBits(OptimizerKind optimizer, string expected)
    {
        var data = Synthetic.Gaussian(700, 12, 4, seed: 21);
        var spec = new ModelSpec(12, [24, 16], 4, Activation.ReLU, WeightInit.He, BatchNorm: true, Dropout: 0.25f);
        var options = new TrainingOptions
        {
            LearningRate = optimizer == OptimizerKind.Adam ? 3e-3 : 0.05, Optimizer = optimizer, BatchSize = 32, Epochs = 4, Seed = 17,
            Decay = LearningRateDecay.Step, DecayRate = 0.5, DecayStepEpochs = 2, Threads = 1, TrainEvaluationRows = 300,
        };

        var result = Engine.Train(spec, options, data.Slice(0, 600), data.Slice(600, 100));

        Assert.Equal(expected, Digest(result));
    }

    /// <summary>Every metric's bits and an FNV-1a hash of the final parameters' bits.</summary>
    internal static string Digest(TrainingResult r)
    {
        static string H(double v) => BitConverter.DoubleToInt64Bits(v).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        var parts = r.Epochs.Select(e => string.Join(",", H(e.TrainLoss), H(e.TrainAccuracy), H(e.ValidationLoss), H(e.ValidationAccuracy), H(e.RunningTrainLoss), H(e.LearningRate)));
        ulong hash = 14695981039346656037UL;
        foreach (float p in r.Model.Parameters)
        {
            hash = (hash ^ BitConverter.SingleToUInt32Bits(p)) * 1099511628211UL;
        }

        return $"{string.Join(";", parts)}#{H(r.InitialLoss)}#{r.SamplesTrained}#{hash:x16}";
    }
}
