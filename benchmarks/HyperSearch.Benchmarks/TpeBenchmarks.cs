using BenchmarkDotNet.Attributes;
using HyperSearch.Search;
using HyperSearch.Search.Tpe;

namespace HyperSearch.Benchmarks;

/// <summary>
/// TPE's propose step at 1,000 finished trials on the reference space (issue 11's target: &lt; 5 ms),
/// with 4 trials pending as parallel workers would leave them.
/// </summary>
[MemoryDiagnoser]
public class TpeBenchmarks
{
    private const string ReferenceSpace = """
        {
          "learningRate":   { "min": 1e-4, "max": 1, "scale": "log" },
          "regularization": { "min": 1e-6, "max": 1e-2, "scale": "log" },
          "hiddenLayers":   { "values": [[256], [512, 256], [1024, 512, 256]] },
          "activation":     { "values": ["relu", "leaky_relu", "elu", "tanh"] },
          "batchNorm":      { "values": [true, false] },
          "optimizer":      { "values": ["sgd_momentum", "adam"] },
          "dropout":        { "min": 0, "max": 0.5 }
        }
        """;

    private SearchSpace _space = SearchSpace.Empty;
    private List<TpeObservation> _history = [];
    private List<Hyperparameters> _pending = [];
    private TpeSampler _univariate = new(0);
    private TpeSampler _multivariate = new(0);

    [GlobalSetup]
    public void Setup()
    {
        _space = SearchSpace.Parse(ReferenceSpace);
        var trials = new RandomSampler(1).Sample(_space, 1004);

        // A smooth objective of log-lr and dropout with a few diverged trials, as a real search's history.
        _history = trials.Take(1000).Select((h, i) => new TpeObservation(
            h,
            i % 17 == 0 ? TrialState.Failed : TrialState.Complete,
            0.9 - Math.Abs(Math.Log10(h.Get(Parameters.LearningRate)) + 2.5) / 10 - Math.Abs(h.Get(Parameters.Dropout) - 0.2))).ToList();
        _pending = trials.Skip(1000).ToList();
        _univariate = new TpeSampler(7);
        _multivariate = new TpeSampler(7, new TpeOptions(Multivariate: true));
    }

    [Benchmark(Description = "TPE propose, 1000 trials, univariate")]
    public Hyperparameters Univariate() => _univariate.Propose(_space, _history, _pending, 1004);

    [Benchmark(Description = "TPE propose, 1000 trials, multivariate")]
    public Hyperparameters Multivariate() => _multivariate.Propose(_space, _history, _pending, 1004);
}
