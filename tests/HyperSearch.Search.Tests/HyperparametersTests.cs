using System.Text.Json;

namespace HyperSearch.Search.Tests;

public class HyperparametersTests
{
    [Fact]
    public void Default_HasTheDocumentedValues()
    {
        var h = Hyperparameters.Default;

        Assert.Equal(0.01, h.Get(Parameters.LearningRate));
        Assert.Equal(1e-4, h.Get(Parameters.Regularization));
        Assert.Equal([256], h.Get(Parameters.HiddenLayers));
        Assert.Equal("relu", h.Get(Parameters.Activation));
        Assert.Equal("he", h.Get(Parameters.WeightInit));
        Assert.False(h.Get(Parameters.BatchNorm));
        Assert.Equal("sgd_momentum", h.Get(Parameters.Optimizer));
        Assert.Equal(128, h.Get(Parameters.BatchSize));
        Assert.Equal(0, h.Get(Parameters.Dropout));
        Assert.Equal(0.9, h.Get(Parameters.Momentum));
        Assert.Equal("none", h.Get(Parameters.LearningRateDecay));
        Assert.Equal(0.95, h.Get(Parameters.DecayRate));
        Assert.Equal(0.01, h.Get(Parameters.LeakySlope));
        Assert.Equal(2, h.Get(Parameters.MaxoutPieces));
    }

    [Fact]
    public void Equals_ComparesHiddenLayersByValue()
    {
        var a = Hyperparameters.Default.With(Parameters.HiddenLayers, [512, 256]);
        var b = Hyperparameters.Default.With(Parameters.HiddenLayers, new List<int> { 512, 256 });

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, Hyperparameters.Default.With(Parameters.HiddenLayers, [256, 512]));
    }

    [Fact]
    public void Json_IsCamelCase_AndRoundTrips_WithDefaultOptions()
    {
        var h = Hyperparameters.Default.With(Parameters.LearningRate, 3e-4).With(Parameters.HiddenLayers, [512, 256]).With(Parameters.Activation, "leaky_relu").With(Parameters.BatchNorm, true);

        var json = JsonSerializer.Serialize(h);
        var back = JsonSerializer.Deserialize<Hyperparameters>(json);

        using var document = JsonDocument.Parse(json);
        var names = document.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        // Inactive parameters (decayRate without a decay, maxoutPieces without maxout, the conv block settings without conv blocks) are not written.
        string[] inactive = [Parameters.Depth.Name, Parameters.Width.Name, Parameters.DecayRate.Name, Parameters.MaxoutPieces.Name, Parameters.Filters.Name, Parameters.KernelSize.Name, Parameters.Pooling.Name, Parameters.ConvBatchNorm.Name];
        Assert.Equal(Parameters.Names.Where(n => !inactive.Contains(n)).Order(), names.Order());
        Assert.Equal("[512,256]", document.RootElement.GetProperty("hiddenLayers").GetRawText());
        Assert.Equal(h, back);
    }

    [Fact]
    public void Json_MissingProperties_AreInactive_AndTrainWithTheirDefaults()
    {
        var h = JsonSerializer.Deserialize<Hyperparameters>("""{ "learningRate": 0.5 }""")!;

        Assert.False(h.IsActive(Parameters.Dropout.Name));
        Assert.Equal(Parameters.Dropout.Default, h.Get(Parameters.Dropout));
        Assert.Equal("""{"learningRate":0.5}""", JsonSerializer.Serialize(h));
        var expected = Parameters.ToEngine(Hyperparameters.Default.With(Parameters.LearningRate, 0.5), 4, 3, new Engine.TrainingOptions());
        var actual = Parameters.ToEngine(h, 4, 3, new Engine.TrainingOptions());
        Assert.Equal(expected.Model, actual.Model);
        Assert.Equal(expected.Training, actual.Training);
    }

    [Fact]
    public void HiddenLayers_AreCopied_AndNullMeansTheDefault()
    {
        var widths = new[] { 64, 32 };
        var h = Hyperparameters.Default.With(Parameters.HiddenLayers, widths);
        widths[0] = 999;

        Assert.Equal([64, 32], h.Get(Parameters.HiddenLayers));
        Assert.Equal([256], JsonSerializer.Deserialize<Hyperparameters>("""{ "dropout": 0.5 }""")!.Get(Parameters.HiddenLayers));
    }

    [Fact]
    public void Get_ReadsEveryParameter_DepthAndWidthFromHiddenLayers()
    {
        var h = Hyperparameters.Default.With(Parameters.HiddenLayers, [128, 128, 128]);

        Assert.Equal(3, h.Get(Parameters.Depth.Name));
        Assert.Equal(128, h.Get(Parameters.Width.Name));
        Assert.Null((Hyperparameters.Default.With(Parameters.HiddenLayers, [])).Get(Parameters.Width.Name));
        foreach (var name in Parameters.Names)
        {
            Assert.NotNull(h.Get(name));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => h.Get("nope"));
    }
}
