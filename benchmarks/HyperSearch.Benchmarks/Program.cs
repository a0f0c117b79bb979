using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using HyperSearch.Benchmarks;
using HyperSearch.Engine;
using HyperSearch.Engine.Kernels;

// Reference-workload runner (docs/benchmarks.md). Output is one key=value line per measurement,
// like the libtorch peer's, so the two can be compared line by line.
//   reference [--threads N] [--epochs E] [--hidden 512,256] [--batch 128] [--bn] [--act relu|tanh|sigmoid|leaky_relu|elu|maxout]
//             [--lr 0.01] [--reg 1e-4] [--seed 0] [--dropout 0] [--model mlp|cnn] [--init he|xavier|torch]   (cnn: the reference CNN; --hidden defaults to 256)
//   gemm [--threads N]
//   service [--trials 10] [--workers 2] [--epochs 1]   (a search through the service, embedded mode)
//   search [--seeds 11,12,13] [--quick] [--target 0.885] [--arms asha,median,tpe,tpe_asha,tpe_coarse_fine]
//          (issues 10 and 11: coarse→fine vs ASHA, median stopping, TPE and TPE + ASHA, same epoch budget)
//   search --spec benchmarks/specs/conv-fashion-mnist.json [--seeds 7]   (one search spec of your own, e.g. issue 16's conv search)
//   bdn [BenchmarkDotNet arguments]
string mode = args.Length > 0 ? args[0] : "reference";
if (mode == "bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(KernelBenchmarks).Assembly).Run(args[1..]);
    return 0;
}

var opts = new Dictionary<string, string>();
for (int i = 1; i < args.Length; i++)
{
    if (args[i].StartsWith("--", StringComparison.Ordinal))
    {
        opts[args[i][2..]] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
    }
}

string Opt(string key, string fallback) => opts.TryGetValue(key, out var v) ? v : fallback;
var inv = CultureInfo.InvariantCulture;
int threads = int.Parse(Opt("threads", "1"), inv);

if (mode == "service")
{
    return await ServiceBenchmark.RunAsync(int.Parse(Opt("trials", "10"), inv), int.Parse(Opt("workers", "2"), inv), int.Parse(Opt("epochs", "1"), inv));
}

if (mode == "search")
{
    // The quick smoke run defaults to one seed so that it stays under two minutes.
    var seeds = Opt("seeds", opts.ContainsKey("quick") ? "11" : "11,12,13").Split(',').Select(s => int.Parse(s, inv)).ToArray();
    var target = double.Parse(Opt("target", "0.885"), inv);
    if (opts.TryGetValue("spec", out var specFile))
    {
        return await SearchBenchmark.RunSpecAsync(specFile, opts.ContainsKey("seeds") ? seeds : null, target);
    }

    var only = opts.ContainsKey("arms") ? Opt("arms", "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet() : null;
    return await SearchBenchmark.RunAsync(seeds, opts.ContainsKey("quick"), target, only);
}

if (mode == "profile")
{
    if (Opt("model", "mlp") == "cnn")
    {
        CnnProfile.Run(threads);
    }
    else
    {
        StepProfile.Run(threads);
    }

    return 0;
}

if (mode == "gemm")
{
    foreach (var (m, k, n) in new[] { (128, 784, 512), (128, 512, 256), (512, 512, 512), (1024, 1024, 1024) })
    {
        var rng = new Random(0);
        float[] a = Enumerable.Range(0, m * k).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        float[] b = Enumerable.Range(0, k * n).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        float[] c = new float[m * n];
        for (int w = 0; w < 20; w++)
        {
            Gemm.Multiply(a, k, false, b, n, false, c, n, m, n, k, false, threads);
        }

        int reps = Math.Max(5, (int)(2e10 / (2.0 * m * k * n)));
        var clock = Stopwatch.StartNew();
        for (int r = 0; r < reps; r++)
        {
            Gemm.Multiply(a, k, false, b, n, false, c, n, m, n, k, false, threads);
        }

        double gflops = 2.0 * m * k * n * reps / clock.Elapsed.TotalSeconds / 1e9;
        Console.WriteLine(string.Create(inv, $"engine=hypersearch gemm threads={threads} shape={m}x{k}x{n} gflops={gflops:F1}"));
    }

    // The training step's other two cases, at the reference MLP's first and second layers.
    foreach (var (name, m, n, k, ta, tb) in new[]
    {
        ("dW=XT*dY", 784, 512, 128, true, false), ("dW=XT*dY", 512, 256, 128, true, false),
        ("dX=dY*WT", 128, 512, 256, false, true), ("dX=dY*WT", 128, 784, 512, false, true),
    })
    {
        var rng = new Random(0);
        float[] a = Enumerable.Range(0, m * k).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        float[] b = Enumerable.Range(0, k * n).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        float[] c = new float[m * n];
        int lda = ta ? m : k, ldb = tb ? k : n;
        for (int w = 0; w < 20; w++)
        {
            Gemm.Multiply(a, lda, ta, b, ldb, tb, c, n, m, n, k, false, threads);
        }

        int reps = Math.Max(5, (int)(2e10 / (2.0 * m * k * n)));
        var clock = Stopwatch.StartNew();
        for (int r = 0; r < reps; r++)
        {
            Gemm.Multiply(a, lda, ta, b, ldb, tb, c, n, m, n, k, false, threads);
        }

        double gflops = 2.0 * m * k * n * reps / clock.Elapsed.TotalSeconds / 1e9;
        Console.WriteLine(string.Create(inv, $"engine=hypersearch gemm threads={threads} case={name} shape={m}x{k}x{n} gflops={gflops:F1}"));
    }

    return 0;
}

if (mode != "reference" && mode != "train")
{
    Console.Error.WriteLine("usage: reference|gemm|bdn [options]");
    return 2;
}

int[] hidden = Opt("hidden", "512,256").Split(',').Select(s => int.Parse(s, inv)).ToArray();
bool bn = Opt("bn", "false") == "true";
string act = Opt("act", "relu");
var activation = act switch
{
    "relu" => Activation.ReLU,
    "tanh" => Activation.Tanh,
    "sigmoid" => Activation.Sigmoid,
    "leaky_relu" => Activation.LeakyReLU,
    "elu" => Activation.ELU,
    "maxout" => Activation.Maxout,
    _ => throw new ArgumentException($"unknown --act {act}"),
};
var (train, validation, test) = FashionMnist.Load();
bool cnn = Opt("model", "mlp") == "cnn";
if (cnn && !opts.ContainsKey("hidden"))
{
    hidden = [256];
}

var init = Opt("init", "he") switch
{
    "he" => WeightInit.He,
    "xavier" => WeightInit.Xavier,
    "torch" => WeightInit.PyTorchDefault,
    var other => throw new ArgumentException($"unknown --init {other}"),
};
var spec = new ModelSpec(784, hidden, 10, activation, init, bn, Dropout: float.Parse(Opt("dropout", "0"), inv));
if (cnn)
{
    // The reference CNN (../shared/docs/reference-workload.md): conv5×5(1→32, pad 2)–ReLU–maxpool2–
    // conv5×5(32→64, pad 2)–ReLU–maxpool2–fc(3136→256)–ReLU–fc(256→10); --bn adds BatchNorm2d to the conv blocks.
    spec = spec with
    {
        BatchNorm = false,
        InputShape = new ImageShape(1, 28, 28),
        ConvBlocks = [new ConvBlockSpec(32, 5, bn, MaxPool: true), new ConvBlockSpec(64, 5, bn, MaxPool: true)],
    };
}

var options = new TrainingOptions
{
    LearningRate = double.Parse(Opt("lr", "0.01"), inv),
    Regularization = double.Parse(Opt("reg", "1e-4"), inv),
    Optimizer = OptimizerKind.SgdMomentum,
    Momentum = 0.9,
    BatchSize = int.Parse(Opt("batch", "128"), inv),
    Epochs = int.Parse(Opt("epochs", "1"), inv),
    Seed = long.Parse(Opt("seed", "0"), inv),
    Threads = threads,
};
var engine = new TensorEngine(Math.Max(threads, Environment.ProcessorCount));
var wall = Stopwatch.StartNew();
var result = engine.Train(spec, options, train, validation, m => Console.Error.WriteLine(string.Create(inv,
    $"epoch={m.Epoch} train_loss={m.TrainLoss:F4} train_acc={m.TrainAccuracy:F4} val_loss={m.ValidationLoss:F4} val_acc={m.ValidationAccuracy:F4} seconds={m.Seconds:F2}")));
wall.Stop();
var (_, testAcc) = result.Model.Evaluate(test);
long rssMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024);
Console.WriteLine(string.Create(inv,
    $"engine=hypersearch train threads={threads} model={(cnn ? "cnn" : "mlp")} hidden={(cnn ? "conv32-conv64-" : "")}{string.Join(',', hidden)} act={act} init={Opt("init", "he")} bn={bn} dropout={spec.Dropout} batch={options.BatchSize} epochs={options.Epochs} samples_per_s={result.SamplesPerSecond:F0} seconds={result.TrainingSeconds:F2} outcome={result.Outcome} train_acc={result.TrainAccuracy:F4} val_acc={result.ValidationAccuracy:F4} test_acc={testAcc:F4} peak_rss_mb={rssMb} wall_seconds={wall.Elapsed.TotalSeconds:F2}"));
return 0;
