using System.Globalization;
using System.Text.Json;
using HyperSearch.Service.Specs;

namespace HyperSearch.Benchmarks;

/// <summary>
/// Issue 10's three arms and issue 11's three TPE arms on the reference search space (../shared/docs/reference-workload.md, "The
/// reference search"), with the same epoch budget: the coarse→fine search as the service runs it today
/// sets the budget, and the scheduler arms get as many configurations as fit under it.
/// <para>
/// The ASHA arms train within the budget itself (<c>epochBudget</c>: the stage never trains more), with as
/// many configurations as the service plans for an ASHA comparison arm on it
/// (<c>StageScheduling.ConfigurationsUnderBudget</c>: twice synchronous halving's 69 for 1-3-9-27 in 208
/// epochs, so the third that diverge at once leave nothing unspent); those the budget leaves out end
/// pruned, untrained. Median stopping with 48 × 8 epochs stayed under 208 in about 97 % of simulated
/// queue orders (median ≈ 140). The benchmark counts the epochs actually trained and prints whether the
/// arm stayed within the budget.
/// </para>
/// </summary>
internal static class SearchArms
{
    public const string CoarseFine = "coarse_fine";
    public const string Asha = "asha";
    public const string Median = "median";
    public const string Tpe = "tpe";
    public const string TpeAsha = "tpe_asha";
    public const string TpeCoarseFine = "tpe_coarse_fine";

    // The reference space; everything else (weight init he, batch 128, momentum 0.9) stays at its default.
    private const string Space = """
        { "learningRate": { "min": 1e-4, "max": 1, "scale": "log" },
          "regularization": { "min": 1e-6, "max": 1e-2, "scale": "log" },
          "hiddenLayers": { "values": [[256], [512, 256], [1024, 512]] },
          "activation": { "values": ["relu", "leaky_relu", "elu", "tanh"] },
          "batchNorm": { "values": [true, false] },
          "optimizer": { "values": ["sgd_momentum", "adam"] },
          "dropout": { "min": 0, "max": 0.5 } }
        """;

    public static IReadOnlyList<SearchArm> For(bool quick) => quick
        ? [
            Arm(CoarseFine, "random 8 x 1 epoch, then 2 refined stages of 4 x 3", quick, """
                "trials": 8, "epochs": 1, "refine": { "stages": 3, "topK": 3, "trials": 4, "epochs": 3 }
                """),
            Arm(Asha, "random 32, ASHA 1-3-9 epochs, reduction 3, epoch budget 32", quick, """
                "trials": 32, "scheduler": { "kind": "asha", "minEpochs": 1, "maxEpochs": 9, "reduction": 3, "epochBudget": 32 }
                """),
            Arm(Median, "random 10 x 3 epochs, median stopping (warm-up 1, 3 others)", quick, """
                "trials": 10, "epochs": 3, "scheduler": { "kind": "median", "warmupEpochs": 1, "minTrials": 3 }
                """),
            Arm(Tpe, "tpe 8 x 2 epochs (4 random startup trials)", quick, """
                "trials": 8, "epochs": 2, "tpe": { "startupTrials": 4 }
                """, "tpe"),
            Arm(TpeAsha, "tpe 32, ASHA 1-3-9 epochs, reduction 3, epoch budget 32 (4 random startup trials)", quick, """
                "trials": 32, "tpe": { "startupTrials": 4 }, "scheduler": { "kind": "asha", "minEpochs": 1, "maxEpochs": 9, "reduction": 3, "epochBudget": 32 }
                """, "tpe"),
            Arm(TpeCoarseFine, "tpe 8 x 1 epoch (4 random startup trials, multivariate), then 2 refined tpe stages of 4 x 3", quick, """
                "trials": 8, "epochs": 1, "tpe": { "startupTrials": 4, "multivariate": true }, "refine": { "stages": 3, "topK": 3, "trials": 4, "epochs": 3 }
                """, "tpe"),
        ]
        : [
            Arm(CoarseFine, "random 24 x 2 epochs, then 2 refined stages of 10 x 8 (top 5)", quick, """
                "trials": 24, "epochs": 2, "refine": { "stages": 3, "topK": 5, "trials": 10, "epochs": 8 }
                """),
            Arm(Asha, "random 138, ASHA 1-3-9-27 epochs, reduction 3, epoch budget 208, one stage", quick, """
                "trials": 138, "scheduler": { "kind": "asha", "minEpochs": 1, "maxEpochs": 27, "reduction": 3, "epochBudget": 208 }
                """),
            Arm(Median, "random 48 x 8 epochs, median stopping (warm-up 1 epoch, 5 others), one stage", quick, """
                "trials": 48, "epochs": 8, "scheduler": { "kind": "median", "warmupEpochs": 1, "minTrials": 5 }
                """),
            Arm(Tpe, "tpe 26 x 8 epochs (10 random startup trials), one stage", quick, """
                "trials": 26, "epochs": 8
                """, "tpe"),
            Arm(TpeAsha, "tpe 138, ASHA 1-3-9-27 epochs, reduction 3, epoch budget 208 (10 random startup trials), one stage", quick, """
                "trials": 138, "scheduler": { "kind": "asha", "minEpochs": 1, "maxEpochs": 27, "reduction": 3, "epochBudget": 208 }
                """, "tpe"),
            // coarse_fine's plan with TPE choosing every trial: the sampler is the only difference.
            Arm(TpeCoarseFine, "tpe 24 x 2 epochs (10 random startup trials, multivariate), then 2 refined tpe stages of 10 x 8 (top 5)", quick, """
                "trials": 24, "epochs": 2, "tpe": { "multivariate": true }, "refine": { "stages": 3, "topK": 5, "trials": 10, "epochs": 8 }
                """, "tpe"),
        ];

    /// <summary>The epochs a spec plans when no trial stops early: stage 1's trials × epochs plus every refined stage's.</summary>
    public static int PlannedEpochs(SearchSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var refined = spec.Refine is { } r ? (spec.StageCount - 1) * r.Trials * r.Epochs : 0;
        return (spec.Trials * spec.Epochs) + refined;
    }

    public static SearchSpec Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return SearchSpecParser.Parse(doc.RootElement, SpecLimits.Default, new ValidationErrors());
    }

    private static SearchArm Arm(string name, string description, bool quick, string fields, string strategy = "random") =>
        new(name, description, seed => string.Create(CultureInfo.InvariantCulture, $$"""
            { "name": "search benchmark {{name}} seed {{seed}}", "seed": {{seed}}, "sanityChecks": false,
              "dataset": { "name": "fashion-mnist", "trainSize": {{(quick ? 10_000 : 50_000)}}, "validationSize": {{(quick ? 5_000 : 10_000)}}, "preprocessing": "standardize" },
              "strategy": "{{strategy}}", {{fields}},
              "space": {{Space}} }
            """));
}
