using System.Numerics.Tensors;
using HyperSearch.Engine.Kernels;

namespace HyperSearch.Engine.Tests;

public class KernelTests
{
    private static readonly int[] Sizes = [0, 1, 2, 3, 5, 7, 11, 12, 13, 16, 17, 31, 32, 33, 47, 64, 65, 97, 128, 130, 200, 255, 256];

    public static TheoryData<bool, bool> TranspositionCases => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    [Theory]
    [MemberData(nameof(TranspositionCases))]
    public void Gemm_MatchesNaiveReference_AcrossSizes(bool transA, bool transB)
    {
        var rng = new Random(42);
        var shapes = new List<(int M, int N, int K)>();
        foreach (int s in Sizes)
        {
            shapes.Add((s, s, s));
            shapes.Add((s, 33, 7));
            shapes.Add((13, s, 29));
            shapes.Add((37, 5, s));
        }

        for (int i = 0; i < 40; i++)
        {
            shapes.Add((Sizes[rng.Next(Sizes.Length)], Sizes[rng.Next(Sizes.Length)], Sizes[rng.Next(Sizes.Length)]));
        }

        shapes.Add((128, 512, 784));
        shapes.Add((300, 70, 600)); // K > the 256 block: exercises accumulation across K blocks

        foreach (var (m, n, k) in shapes)
        {
            foreach (bool accumulate in new[] { false, true })
            {
                CheckGemm(rng, m, n, k, transA, transB, accumulate);
            }
        }
    }

    [Fact]
    public void Gemm_IsBitIdentical_ForAnyThreadCount()
    {
        var rng = new Random(7);
        int m = 130, n = 517, k = 300;
        float[] a = Random(rng, m * k);
        float[] b = Random(rng, k * n);
        float[] c1 = new float[m * n];
        float[] c2 = new float[m * n];
        float[] c3 = new float[m * n];
        Gemm.Multiply(a, k, false, b, n, false, c1, n, m, n, k, false, threads: 1);
        Gemm.Multiply(a, k, false, b, n, false, c2, n, m, n, k, false, threads: 2);
        Gemm.Multiply(a, k, false, b, n, false, c3, n, m, n, k, false, threads: 3);
        Assert.Equal(c1, c2);
        Assert.Equal(c1, c3);
    }

    [Fact]
    public void Elementwise_Ops_MatchScalarReference_ForLengths0To256()
    {
        var rng = new Random(1);
        for (int len = 0; len <= 256; len++)
        {
            float[] x = Random(rng, len, 4f);
            float[] dy = Random(rng, len);
            float[] y = new float[len];
            float[] d = new float[len];

            Elementwise.Unary(x, y, new LeakyReluOp(0.1f));
            for (int i = 0; i < len; i++)
            {
                Assert.Equal(x[i] > 0 ? x[i] : 0.1f * x[i], y[i]);
            }

            Elementwise.Unary(x, y, default(EluOp));
            for (int i = 0; i < len; i++)
            {
                Assert.Equal(x[i] > 0 ? x[i] : Math.Exp(x[i]) - 1, y[i], 1e-6);
            }

            Elementwise.Binary(x, dy, d, new ReluBackwardOp(0.1f));
            for (int i = 0; i < len; i++)
            {
                Assert.Equal(x[i] > 0 ? dy[i] : 0.1f * dy[i], d[i]);
            }

            Elementwise.Binary(x, dy, d, default(EluBackwardOp));
            for (int i = 0; i < len; i++)
            {
                Assert.Equal(x[i] > 0 ? dy[i] : dy[i] * (x[i] + 1f), d[i], 1e-6);
            }

            Elementwise.Binary(x, dy, d, default(SigmoidBackwardOp));
            for (int i = 0; i < len; i++)
            {
                Assert.Equal(dy[i] * x[i] * (1f - x[i]), d[i], 1e-5);
            }

            Elementwise.Binary(x, dy, d, default(TanhBackwardOp));
            for (int i = 0; i < len; i++)
            {
                Assert.Equal(dy[i] * (1f - (x[i] * x[i])), d[i], 1e-5);
            }
        }
    }

    [Fact]
    public void RowOps_MatchNaiveReference()
    {
        var rng = new Random(3);
        foreach (int rows in new[] { 0, 1, 3, 17, 128 })
        {
            foreach (int cols in new[] { 1, 2, 7, 10, 16, 33, 256 })
            {
                float[] x = Random(rng, rows * cols, 10f);
                float[] bias = Random(rng, cols);

                float[] added = (float[])x.Clone();
                RowOps.AddRowVector(added, bias, rows, cols);
                float[] sums = new float[cols];
                RowOps.AddColumnSums(x, sums, rows, cols);
                float[] soft = new float[rows * cols];
                RowOps.Softmax(x, soft, rows, cols);
                int[] labels = Enumerable.Range(0, rows).Select(_ => rng.Next(cols)).ToArray();
                float[] grad = new float[rows * cols];
                double loss = RowOps.SoftmaxCrossEntropy(x, labels, rows, cols, grad, 0.5f, out int correct);

                double refLoss = 0;
                int refCorrect = 0;
                for (int c = 0; c < cols; c++)
                {
                    double s = 0;
                    for (int r = 0; r < rows; r++)
                    {
                        s += x[(r * cols) + c];
                        Assert.Equal(x[(r * cols) + c] + bias[c], added[(r * cols) + c]);
                    }

                    Assert.Equal(s, sums[c], 1e-3);
                }

                for (int r = 0; r < rows; r++)
                {
                    double max = double.NegativeInfinity;
                    int arg = 0;
                    for (int c = 0; c < cols; c++)
                    {
                        if (x[(r * cols) + c] > max)
                        {
                            max = x[(r * cols) + c];
                            arg = c;
                        }
                    }

                    double z = 0;
                    for (int c = 0; c < cols; c++)
                    {
                        z += Math.Exp(x[(r * cols) + c] - max);
                    }

                    for (int c = 0; c < cols; c++)
                    {
                        double p = Math.Exp(x[(r * cols) + c] - max) / z;
                        Assert.Equal(p, soft[(r * cols) + c], 1e-6);
                        Assert.Equal(0.5 * (p - (c == labels[r] ? 1 : 0)), grad[(r * cols) + c], 1e-6);
                    }

                    refLoss += Math.Log(z) - (x[(r * cols) + labels[r]] - max);
                    refCorrect += arg == labels[r] ? 1 : 0;
                }

                Assert.Equal(refLoss, loss, 1e-3);
                Assert.Equal(refCorrect, correct);
            }
        }
    }

    [Fact]
    public void SoftmaxCrossEntropy_IsStable_ForHugeLogits()
    {
        float[] logits = [1000f, -1000f, 0f];
        double loss = RowOps.SoftmaxCrossEntropy(logits, [1], 1, 3, default, 0f, out _);
        Assert.Equal(2000.0, loss, 1e-3);
        Assert.True(double.IsFinite(loss));
    }

    [Fact]
    public void TensorPrimitivesDot_AgreesWithRegularisationSum()
    {
        float[] w = Random(new Random(5), 1000);
        double expected = w.Sum(v => (double)v * v);
        Assert.Equal(expected, TensorPrimitives.Dot<float>(w, w), 1e-2);
    }

    private static void CheckGemm(Random rng, int m, int n, int k, bool transA, bool transB, bool accumulate)
    {
        int lda = transA ? m + 3 : k + 1;   // padded leading dimensions catch stride bugs
        int ldb = transB ? k + 2 : n + 5;
        int ldc = n + 1;
        float[] a = Random(rng, Math.Max(1, (transA ? k : m) * lda));
        float[] b = Random(rng, Math.Max(1, (transB ? n : k) * ldb));
        float[] c = Random(rng, Math.Max(1, m * ldc));
        float[] original = (float[])c.Clone();
        Gemm.Multiply(a, lda, transA, b, ldb, transB, c, ldc, m, n, k, accumulate);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = accumulate ? original[(i * ldc) + j] : 0;
                double magnitude = Math.Abs(sum);
                for (int p = 0; p < k; p++)
                {
                    double av = transA ? a[(p * lda) + i] : a[(i * lda) + p];
                    double bv = transB ? b[(j * ldb) + p] : b[(p * ldb) + j];
                    sum += av * bv;
                    magnitude += Math.Abs(av * bv);
                }

                double err = Math.Abs(sum - c[(i * ldc) + j]);
                Assert.True(err <= (1e-6 * magnitude) + 1e-6, $"({m},{n},{k}) tA={transA} tB={transB} acc={accumulate} at ({i},{j}): {c[(i * ldc) + j]} vs {sum}");
            }

            for (int j = n; j < ldc && i * ldc + j < c.Length; j++)
            {
                Assert.Equal(original[(i * ldc) + j], c[(i * ldc) + j]); // padding untouched
            }
        }
    }

    internal static float[] Random(Random rng, int n, float scale = 1f)
    {
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (float)((rng.NextDouble() * 2) - 1) * scale;
        }

        return x;
    }
}
