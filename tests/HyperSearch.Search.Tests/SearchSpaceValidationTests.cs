namespace HyperSearch.Search.Tests;

public class SearchSpaceValidationTests
{
    private static SearchSpaceException Reject(string json) => Assert.Throws<SearchSpaceException>(() => SearchSpace.Parse(json));

    private static string Message(SearchSpaceException e, string key)
    {
        Assert.True(e.Errors.ContainsKey(key), $"expected an error at {key}; got {string.Join(", ", e.Errors.Keys)}");
        return string.Join(" ", e.Errors[key]);
    }

    [Fact]
    public void UnknownParameter_SuggestsTheClosestName()
    {
        var e = Reject("""{ "learning_rate": { "min": 0.001, "max": 0.1 } }""");

        var message = Message(e, "space.learning_rate");
        Assert.Contains("\"learning_rate\"", message, StringComparison.Ordinal);
        Assert.Contains("did you mean \"learningRate\"", message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownParameter_FarFromAnyName_ListsTheKnownOnes()
    {
        var message = Message(Reject("""{ "xyzzyplugh": 1 }"""), "space.xyzzyplugh");

        Assert.Contains("known parameters: learningRate, regularization", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "activation": { "min": 0, "max": 1 } }""", "not min/max")]
    [InlineData("""{ "activation": { "choices": ["relu"] } }""", "got an object with \"choices\"")]
    [InlineData("""{ "activation": {} }""", "got an object with no keys")]
    public void CategoricalObject_WithoutValues_SaysWhatItGot(string json, string expected)
    {
        var message = Message(Reject(json), "space.activation");

        Assert.Contains("activation is categorical: give {\"values\": [...]} or a single value", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCategoricalValue_ListsTheAllowedOnes()
    {
        var e = Reject("""{ "activation": { "values": ["relu", "swish"] }, "optimizer": "rmsprop" }""");

        Assert.Contains("activation: unknown value \"swish\"; allowed: relu, leaky_relu, elu, tanh, sigmoid, maxout", Message(e, "space.activation.values[1]"), StringComparison.Ordinal);
        Assert.Contains("allowed: sgd, sgd_momentum, nesterov, adam", Message(e, "space.optimizer"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "learningRate": { "min": 0.1, "max": 0.01 } }""", "space.learningRate.min", "must be less than max")]
    [InlineData("""{ "dropout": { "min": 0.2, "max": 0.2 } }""", "space.dropout.min", "must be less than max")]
    [InlineData("""{ "depth": { "min": 3, "max": 1 } }""", "space.depth.min", "must be less than max")]
    [InlineData("""{ "regularization": { "min": 0, "max": 0.01 } }""", "space.regularization.min", "log-scale range needs min > 0")]
    [InlineData("""{ "momentum": { "min": 0, "max": 0.9, "scale": "log" } }""", "space.momentum.min", "log-scale range needs min > 0")]
    [InlineData("""{ "depth": { "min": 0, "max": 4, "scale": "log" } }""", "space.depth.min", "log-scale range needs min ≥ 1")]
    [InlineData("""{ "activation": { "values": [] } }""", "space.activation.values", "must not be empty")]
    [InlineData("""{ "learningRate": { "values": [] } }""", "space.learningRate.values", "must not be empty")]
    [InlineData("""{ "learningRate": "fast" }""", "space.learningRate", "expected a number")]
    [InlineData("""{ "learningRate": { "min": "0.1", "max": 1 } }""", "space.learningRate.min", "expected a number")]
    [InlineData("""{ "learningRate": { "max": 1 } }""", "space.learningRate.min", "min is required")]
    [InlineData("""{ "learningRate": { "min": 0.001, "max": 1, "scale": "ln" } }""", "space.learningRate.scale", "\"linear\" or \"log\"")]
    [InlineData("""{ "learningRate": { "min": 0.001, "max": 1, "step": 2 } }""", "space.learningRate.step", "unknown key")]
    [InlineData("""{ "learningRate": { "min": 0.001, "max": 1, "values": [0.1] } }""", "space.learningRate.min", "either min/max/scale or values")]
    [InlineData("""{ "batchSize": 64.5 }""", "space.batchSize", "expected an integer")]
    [InlineData("""{ "batchSize": { "values": [64, "128"] } }""", "space.batchSize.values[1]", "expected an integer")]
    [InlineData("""{ "batchNorm": "yes" }""", "space.batchNorm", "expected true or false")]
    [InlineData("""{ "activation": { "min": 0, "max": 1 } }""", "space.activation", "is categorical")]
    [InlineData("""{ "activation": { "values": "relu" } }""", "space.activation.values", "must be an array")]
    [InlineData("""{ "activation": { "values": ["relu", "relu"] } }""", "space.activation.values[1]", "duplicate value")]
    [InlineData("""{ "hiddenLayers": [[256], [512]] }""", "space.hiddenLayers", "{\"values\": [[256], [512, 256]]}")]
    [InlineData("""{ "hiddenLayers": { "values": [256, 512] } }""", "space.hiddenLayers.values[0]", "list of layer widths")]
    [InlineData("""{ "hiddenLayers": [256, "wide"] }""", "space.hiddenLayers[1]", "layer widths must be integers")]
    [InlineData("""{ "hiddenLayers": [256], "depth": 2 }""", "space.hiddenLayers", "cannot be combined with depth/width")]
    [InlineData("""{ "width": 64, "hiddenLayers": { "values": [[1]] } }""", "space.hiddenLayers", "cannot be combined with depth/width")]
    public void InvalidSpace_IsRejected_WithAMessageNamingTheParameter(string json, string key, string fragment)
    {
        var e = Reject(json);

        var message = Message(e, key);
        Assert.Contains(fragment, message, StringComparison.Ordinal);
        var parameter = key.Split('.')[1].Split('[')[0];
        Assert.Contains(parameter, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "learningRate": { "min": 1e-8, "max": 0.1 } }""", "space.learningRate.min")]
    [InlineData("""{ "learningRate": { "min": 1e-3, "max": 11 } }""", "space.learningRate.max")]
    [InlineData("""{ "learningRate": 20 }""", "space.learningRate")]
    [InlineData("""{ "regularization": { "min": -1, "max": 1, "scale": "linear" } }""", "space.regularization.min")]
    [InlineData("""{ "regularization": { "min": 1e-3, "max": 11 } }""", "space.regularization.max")]
    [InlineData("""{ "dropout": { "min": 0, "max": 0.95 } }""", "space.dropout.max")]
    [InlineData("""{ "dropout": -0.1 }""", "space.dropout")]
    [InlineData("""{ "momentum": { "values": [0.9, 1.0] } }""", "space.momentum.values[1]")]
    [InlineData("""{ "batchSize": 0 }""", "space.batchSize")]
    [InlineData("""{ "batchSize": { "min": 64, "max": 8192 } }""", "space.batchSize.max")]
    [InlineData("""{ "width": 5000 }""", "space.width")]
    [InlineData("""{ "depth": 9 }""", "space.depth")]
    [InlineData("""{ "depth": { "min": -1, "max": 2 } }""", "space.depth.min")]
    [InlineData("""{ "hiddenLayers": [256, 0] }""", "space.hiddenLayers[1]")]
    [InlineData("""{ "hiddenLayers": { "values": [[256], [1, 1, 1, 1, 1, 1, 1, 1, 1]] } }""", "space.hiddenLayers.values[1]")]
    [InlineData("""{ "hiddenLayers": { "values": [[256], [4097]] } }""", "space.hiddenLayers.values[1][0]")]
    [InlineData("""{ "decayRate": 0 }""", "space.decayRate")]
    [InlineData("""{ "decayRate": { "min": 0.5, "max": 1.5 } }""", "space.decayRate.max")]
    [InlineData("""{ "leakySlope": 1 }""", "space.leakySlope")]
    [InlineData("""{ "maxoutPieces": { "min": 1, "max": 4 } }""", "space.maxoutPieces.min")]
    [InlineData("""{ "maxoutPieces": 5 }""", "space.maxoutPieces")]
    public void HardLimits_AreEnforced(string json, string key)
    {
        var message = Message(Reject(json), key);

        Assert.Contains("outside the allowed", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "decayRate": 1, "learningRateDecay": "step" }""")]
    [InlineData("""{ "leakySlope": 0, "activation": "leaky_relu" }""")]
    [InlineData("""{ "learningRate": { "min": 1e-7, "max": 10 } }""")]
    [InlineData("""{ "regularization": 0 }""")]
    [InlineData("""{ "depth": 0, "batchSize": 4096, "width": 4096, "maxoutPieces": { "values": [2, 4] }, "activation": "maxout", "dropout": 0.9, "momentum": 0.999 }""")]
    public void ValuesOnTheLimits_AreAccepted(string json)
    {
        var space = SearchSpace.Parse(json);

        Assert.NotEmpty(space.Names);
    }

    [Fact]
    public void AllErrors_AreCollected_NotJustTheFirst()
    {
        var e = Reject("""
            { "learningRate": { "min": 0.1, "max": 0.01 }, "activation": "swish", "lr": 1, "dropout": 2, "batchSize": { "values": [] } }
            """);

        Assert.Equal(
            ["space.activation", "space.batchSize.values", "space.dropout", "space.learningRate.min", "space.lr"],
            e.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("space.lr", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorKeys_UseTheGivenPathPrefix()
    {
        var e = Assert.Throws<SearchSpaceException>(() => SearchSpace.Parse("""{ "dropout": 2 }""", path: "stages[1].space"));

        Assert.Contains("stages[1].space.dropout", e.Errors.Keys);
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("42")]
    [InlineData("{ \"learningRate\": ")]
    public void NonObjectOrMalformedJson_IsRejectedAtTheRoot(string json)
    {
        var e = Reject(json);

        Assert.Equal(["space"], e.Errors.Keys);
    }

    [Fact]
    public void Limits_AreTheRegistryBounds()
    {
        var e = Assert.Throws<SearchSpaceException>(() => SearchSpace.Parse("""{ "width": 8192 }"""));

        Assert.Contains(Parameters.Width.Bounds!.ToString(), Message(e, "space.width"), StringComparison.Ordinal);
        Assert.Equal("[1, 4096]", Parameters.Width.Bounds.ToString());
    }

    [Fact]
    public void ParameterBounds_DescribeTheirEnds()
    {
        Assert.Equal("(0, 1]", Parameters.DecayRate.Bounds!.ToString());
        Assert.Equal("[0, 1)", Parameters.LeakySlope.Bounds!.ToString());
        Assert.Equal("[1E-07, 10]", Parameters.LearningRate.Bounds!.ToString());
    }
}
