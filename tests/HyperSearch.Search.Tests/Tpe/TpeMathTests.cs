using HyperSearch.Search.Tpe;

namespace HyperSearch.Search.Tests.Tpe;

/// <summary>The estimators' numerics against closed forms and numerical integration.</summary>
public class TpeMathTests
{
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(1.0, 0.1572992070502851)]
    [InlineData(3.0, 2.209049699858544e-05)]
    [InlineData(10.0, 2.088487583762545e-45)]
    [InlineData(30.0, 2.5646562037561116e-393)]
    public void LogErfc_MatchesReferenceValues(double x, double erfc)
    {
        // 2.56e-393 underflows a double: compare logs (ln erfc(30) = −903.974117…, from the asymptotic series).
        var expected = x == 30.0 ? -903.974117110644 : Math.Log(erfc);

        Assert.True(Math.Abs(TpeMath.LogErfc(x) - expected) < 2e-7 * Math.Max(1, Math.Abs(expected)) + 2e-7, $"{TpeMath.LogErfc(x)} vs {expected}");
    }

    [Theory]
    [InlineData(-1.0, 1.0)]
    [InlineData(-0.1, 0.1)]
    [InlineData(0.3, 2.5)]
    [InlineData(-4.0, -3.2)]
    [InlineData(5.0, 5.001)]
    [InlineData(-0.5, 0.5)]
    [InlineData(2.0, 8.0)]
    public void LogMass_MatchesNumericalIntegration(double a, double b)
    {
        // Simpson's rule on 20,000 intervals of the standard normal density.
        const int n = 20_000;
        var h = (b - a) / n;
        var sum = Phi(a) + Phi(b);
        for (var i = 1; i < n; i++)
        {
            sum += (i % 2 == 1 ? 4 : 2) * Phi(a + (i * h));
        }

        Assert.Equal(Math.Log(sum * h / 3), TpeMath.LogMass(a, b), 5);

        static double Phi(double z) => Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);
    }

    [Fact]
    public void LogMass_FarInTheTail_StaysFinite()
    {
        // A cell 40σ from its kernel, where plain probabilities would be 0 or NaN: ∫ φ over [c − h, c + h]
        // = φ(c) · 2 sinh(c h)/c up to a relative h²/6 (≈ 4e-8 here).
        const double c = 40.0005, h = 0.0005;
        var expected = (-0.5 * c * c) - (0.5 * Math.Log(2 * Math.PI)) + Math.Log(2 * Math.Sinh(c * h) / c);

        Assert.Equal(expected, TpeMath.LogMass(40, 40.001), 6);
        Assert.True(double.IsFinite(TpeMath.LogMass(-90, -60)));
    }

    [Fact]
    public void UnivariateMixture_IsADensityOnTheUnitInterval()
    {
        var mixture = ParzenMixture.FitUnivariate([0.1, 0.12, 0.5, 0.97], TpeSampler.Weights(4), 1.0);

        Assert.Equal(1.0, Integrate(x => Math.Exp(mixture.LogDensity([x], [double.NaN], [double.NaN]))), 4);
    }

    [Fact]
    public void JointMixture_IsADensityOnTheUnitSquare()
    {
        var mixture = ParzenMixture.FitJoint([0.1, 0.9, 0.4, 0.4, 0.95, 0.05], 2, TpeSampler.Weights(3), 1.0);

        Assert.Equal(1.0, Integrate(x => Integrate(y => Math.Exp(mixture.LogDensity([x, y], [double.NaN, double.NaN], [double.NaN, double.NaN])), 200), 200), 3);
    }

    [Fact]
    public void IntCells_SumToOne()
    {
        var dimension = (NumericDimension)TpeDimension.Create("batchSize", new IntDistribution(1, 9, ParameterScale.Log));
        var points = new[] { 2, 3, 3, 8 }.Select(k => dimension.Encode(k)).ToArray();
        var mixture = ParzenMixture.FitUnivariate(points, TpeSampler.Weights(4), 1.0);

        var total = Enumerable.Range(1, 9).Sum(k =>
        {
            var (low, high) = dimension.Cell(dimension.Encode(k));
            return Math.Exp(mixture.LogDensity([0], [low], [high]));
        });

        // The normaliser comes from erfc (fractional error 1.2e-7), the cells from quadrature.
        Assert.Equal(1.0, total, 6);
    }

    [Fact]
    public void ToUnit_InvertsFromUnit_ForEveryKind()
    {
        var lr = new FloatDistribution(1e-5, 1e-1, ParameterScale.Log);
        var pieces = new IntDistribution(2, 4);
        var widths = new IntDistribution(16, 512, ParameterScale.Log);
        var layers = new CategoricalDistribution([new[] { 256 }, new[] { 512, 256 }]);

        Assert.Equal(0.25, lr.ToUnit(lr.FromUnit(0.25)), 12);
        Assert.Equal(3, pieces.FromUnit(pieces.ToUnit(3)));
        Assert.All(Enumerable.Range(16, 497), k => Assert.Equal(k, widths.FromUnit(widths.ToUnit(k))));
        Assert.Equal(new[] { 512, 256 }, (IReadOnlyList<int>)layers.FromUnit(layers.ToUnit(new[] { 512, 256 }.AsReadOnly())));
        Assert.True(double.IsNaN(lr.ToUnit(0.5)));
        Assert.True(double.IsNaN(pieces.ToUnit(5)));
        Assert.True(double.IsNaN(layers.ToUnit(new[] { 128 }.AsReadOnly())));
    }

    private static double Integrate(Func<double, double> f, int n = 20_000)
    {
        var h = 1.0 / n;
        var sum = f(0) + f(1);
        for (var i = 1; i < n; i++)
        {
            sum += (i % 2 == 1 ? 4 : 2) * f(i * h);
        }

        return sum * h / 3;
    }
}
