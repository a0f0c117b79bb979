using System.Buffers.Binary;
using System.IO.Compression;
using HyperSearch.Engine;

namespace HyperSearch.Benchmarks;

/// <summary>
/// The reference workload's data (docs/reference-workload.md): IDX-gzip Fashion-MNIST, first 50,000
/// training images for training, last 10,000 for validation, t10k for test; pixels/255 then
/// standardised per pixel with the training split's mean and std (+1e-6).
/// </summary>
internal static class FashionMnist
{
    public const string Directory = "/usr/share/datasets/fashion-mnist";

    public static (TrainingData Train, TrainingData Validation, TrainingData Test) Load(string directory = Directory)
    {
        if (!File.Exists(Path.Combine(directory, "train-images-idx3-ubyte.gz")))
        {
            throw new FileNotFoundException($"Fashion-MNIST not found in {directory}: apt-get install -y dataset-fashion-mnist");
        }

        float[] images = ReadImages(Path.Combine(directory, "train-images-idx3-ubyte.gz"), out int pixels);
        int[] labels = ReadLabels(Path.Combine(directory, "train-labels-idx1-ubyte.gz"));
        float[] testImages = ReadImages(Path.Combine(directory, "t10k-images-idx3-ubyte.gz"), out _);
        int[] testLabels = ReadLabels(Path.Combine(directory, "t10k-labels-idx1-ubyte.gz"));
        const int trainRows = 50_000;
        var mean = new double[pixels];
        var sq = new double[pixels];
        for (int r = 0; r < trainRows; r++)
        {
            for (int j = 0; j < pixels; j++)
            {
                double v = images[(r * pixels) + j];
                mean[j] += v;
                sq[j] += v * v;
            }
        }

        var m = new float[pixels];
        var inv = new float[pixels];
        for (int j = 0; j < pixels; j++)
        {
            double mu = mean[j] / trainRows;
            double variance = Math.Max(0, (sq[j] - (trainRows * mu * mu)) / (trainRows - 1)); // torch.std is unbiased
            m[j] = (float)mu;
            inv[j] = (float)(1.0 / (Math.Sqrt(variance) + 1e-6));
        }

        Standardise(images, m, inv, pixels);
        Standardise(testImages, m, inv, pixels);
        var all = new TrainingData(images, labels, pixels, 10);
        return (all.Slice(0, trainRows), all.Slice(trainRows, labels.Length - trainRows), new TrainingData(testImages, testLabels, pixels, 10));
    }

    private static void Standardise(float[] x, float[] mean, float[] inv, int pixels)
    {
        for (int i = 0; i < x.Length; i++)
        {
            int j = i % pixels;
            x[i] = (x[i] - mean[j]) * inv[j];
        }
    }

    // Streamed in 64 KB chunks straight into the float array: holding the whole decompressed file
    // (and MemoryStream's doubling copies) would add ~100 MB to the peak RSS the benchmark reports.
    private static float[] ReadImages(string path, out int pixels)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        Span<byte> header = stackalloc byte[16];
        gz.ReadExactly(header);
        if (BinaryPrimitives.ReadInt32BigEndian(header) != 0x00000803)
        {
            throw new InvalidDataException($"{path} is not an IDX3 ubyte file.");
        }

        int count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        pixels = BinaryPrimitives.ReadInt32BigEndian(header[8..]) * BinaryPrimitives.ReadInt32BigEndian(header[12..]);
        var x = new float[count * pixels];
        var chunk = new byte[65536];
        int done = 0;
        while (done < x.Length)
        {
            int n = gz.Read(chunk, 0, Math.Min(chunk.Length, x.Length - done));
            if (n == 0)
            {
                throw new EndOfStreamException($"{path} is truncated.");
            }

            for (int i = 0; i < n; i++)
            {
                x[done + i] = chunk[i] / 255f;
            }

            done += n;
        }

        return x;
    }

    private static int[] ReadLabels(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        Span<byte> header = stackalloc byte[8];
        gz.ReadExactly(header);
        if (BinaryPrimitives.ReadInt32BigEndian(header) != 0x00000801)
        {
            throw new InvalidDataException($"{path} is not an IDX1 ubyte file.");
        }

        var bytes = new byte[BinaryPrimitives.ReadInt32BigEndian(header[4..])];
        gz.ReadExactly(bytes);
        return Array.ConvertAll(bytes, b => (int)b);
    }
}
