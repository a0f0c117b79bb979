using HyperSearch.Search.Tpe;

namespace HyperSearch.Search.Tests.Tpe;

/// <summary>Sequential TPE searches on toy objectives, as a stage proposing one trial per finished result would run.</summary>
internal static class TpeRuns
{
    /// <summary>The reference space of the TPE benchmark (issue 11).</summary>
    public const string ReferenceJson = """
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

    /// <summary>
    /// A 2-D toy objective with a known optimum (1.0 at lr = 10^-2.5, dropout = 0.2, relu): a smooth bowl
    /// in log-lr and dropout, minus a fixed penalty per activation. Everything else is ignored.
    /// </summary>
    public static double Toy(Hyperparameters h)
    {
        var lr = (Math.Log10(h.Get(Parameters.LearningRate)) + 2.5) / 2.0;
        var dropout = (h.Get(Parameters.Dropout) - 0.2) / 0.5;
        var activation = h.Get(Parameters.Activation) switch { "relu" => 0.0, "elu" => 0.05, "tanh" => 0.1, _ => 0.15 };
        return 1 - (lr * lr) - (dropout * dropout) - activation;
    }

    public static SearchSpace ToySpace => SearchSpace.Parse("""
        {
          "learningRate": { "min": 1e-6, "max": 1, "scale": "log" },
          "dropout":      { "min": 0, "max": 0.8 },
          "activation":   { "values": ["relu", "elu", "tanh", "sigmoid"] }
        }
        """);

    /// <summary>Proposes <paramref name="count"/> trials one at a time, feeding each result back before the next.</summary>
    public static List<Hyperparameters> Sequential(TpeSampler sampler, SearchSpace space, int count, Func<Hyperparameters, double> objective)
    {
        var history = new List<TpeObservation>();
        var proposed = new List<Hyperparameters>();
        for (var i = 0; i < count; i++)
        {
            var trial = sampler.Propose(space, history, [], i);
            proposed.Add(trial);
            history.Add(new TpeObservation(trial, TrialState.Complete, objective(trial)));
        }

        return proposed;
    }

    /// <summary>Finished trials drawn at random (for tests that need a history, not a search).</summary>
    public static List<TpeObservation> RandomHistory(SearchSpace space, int count, long seed, Func<Hyperparameters, double> objective) =>
        new RandomSampler(seed).Sample(space, count).Select(h => new TpeObservation(h, TrialState.Complete, objective(h))).ToList();
}
