namespace HyperSearch.Engine.Tests;

/// <summary>Small seeded classification sets: Gaussian blobs around random class centres.</summary>
internal static class Synthetic
{
    public static TrainingData Gaussian(int rows, int features, int classes, int seed)
    {
        var rng = new Random(seed);
        var centres = new float[classes * features];
        for (int i = 0; i < centres.Length; i++)
        {
            centres[i] = (float)Normal(rng);
        }

        var x = new float[rows * features];
        var y = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            int c = rng.Next(classes);
            y[r] = c;
            for (int j = 0; j < features; j++)
            {
                x[(r * features) + j] = centres[(c * features) + j] + (float)Normal(rng);
            }
        }

        return new TrainingData(x, y, features, classes);
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
