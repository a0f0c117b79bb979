using System.Text.Json;

namespace HyperSearch.Search.Tests;

public class HyperparametersTests
{
    [Fact]
    public void Default_HasTheDocumentedValues()
    {
        var h = Hyperparameters.Default;

        Assert.Equal(0.01, h.LearningRate);
        Assert.Equal(1e-4, h.Regularization);
        Assert.Equal([256], h.HiddenLayers);
        Assert.Equal(Activations.Relu, h.Activation);
        Assert.Equal(WeightInits.He, h.WeightInit);
        Assert.False(h.BatchNorm);
        Assert.Equal(Optimizers.SgdMomentum, h.Optimizer);
        Assert.Equal(128, h.BatchSize);
        Assert.Equal(0, h.Dropout);
        Assert.Equal(0.9, h.Momentum);
        Assert.Equal(LearningRateDecays.None, h.LearningRateDecay);
        Assert.Equal(0.95, h.DecayRate);
        Assert.Equal(0.01, h.LeakySlope);
        Assert.Equal(2, h.MaxoutPieces);
    }

    [Fact]
    public void Equals_ComparesHiddenLayersByValue()
    {
        var a = Hyperparameters.Default with { HiddenLayers = [512, 256] };
        var b = Hyperparameters.Default with { HiddenLayers = new List<int> { 512, 256 } };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, Hyperparameters.Default with { HiddenLayers = [256, 512] });
    }

    [Fact]
    public void Json_IsCamelCase_AndRoundTrips_WithDefaultOptions()
    {
        var h = Hyperparameters.Default with { LearningRate = 3e-4, HiddenLayers = [512, 256], Activation = Activations.LeakyRelu, BatchNorm = true };

        var json = JsonSerializer.Serialize(h);
        var back = JsonSerializer.Deserialize<Hyperparameters>(json);

        using var document = JsonDocument.Parse(json);
        var names = document.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(ParameterNames.All.Where(n => n is not ParameterNames.Depth and not ParameterNames.Width).Order(), names.Order());
        Assert.Equal("[512,256]", document.RootElement.GetProperty("hiddenLayers").GetRawText());
        Assert.Equal(h, back);
    }

    [Fact]
    public void Json_MissingProperties_TakeDefaults()
    {
        var h = JsonSerializer.Deserialize<Hyperparameters>("""{ "learningRate": 0.5 }""");

        Assert.Equal(Hyperparameters.Default with { LearningRate = 0.5 }, h);
    }

    [Fact]
    public void HiddenLayers_AreCopied_AndNullMeansTheDefault()
    {
        var widths = new[] { 64, 32 };
        var h = Hyperparameters.Default with { HiddenLayers = widths };
        widths[0] = 999;

        Assert.Equal([64, 32], h.HiddenLayers);
        Assert.Equal([256], JsonSerializer.Deserialize<Hyperparameters>("""{ "hiddenLayers": null }""")!.HiddenLayers);
    }

    [Fact]
    public void Get_ReadsEveryParameter_DepthAndWidthFromHiddenLayers()
    {
        var h = Hyperparameters.Default with { HiddenLayers = [128, 128, 128] };

        Assert.Equal(3, h.Get(ParameterNames.Depth));
        Assert.Equal(128, h.Get(ParameterNames.Width));
        Assert.Null((Hyperparameters.Default with { HiddenLayers = [] }).Get(ParameterNames.Width));
        foreach (var name in ParameterNames.All)
        {
            Assert.NotNull(h.Get(name));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => h.Get("nope"));
    }
}
