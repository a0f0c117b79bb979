using System.Buffers.Binary;
using System.IO.Compression;

namespace HyperSearch.Data.Tests;

/// <summary>Writes small dataset files in a per-test temp directory, deleted on dispose.</summary>
internal sealed class TestFiles : IDisposable
{
    public TestFiles()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hs-data-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string Path(params string[] parts) => System.IO.Path.Combine([Directory, .. parts]);

    public static byte[] IdxImages(int count, int rows, int columns, Func<int, byte>? pixel = null)
    {
        var bytes = new byte[16 + (count * rows * columns)];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x803);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), columns);
        for (var i = 16; i < bytes.Length; i++)
        {
            bytes[i] = pixel?.Invoke(i - 16) ?? (byte)(i * 7);
        }

        return bytes;
    }

    public static byte[] IdxLabels(params byte[] labels)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x801);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public string Write(string name, byte[] bytes)
    {
        var path = Path(name);
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A tiny IDX dataset (train: <paramref name="train"/> images of 2x3, test: 4) in <paramref name="subdirectory"/>.</summary>
    public string WriteIdxSet(string subdirectory, int train = 12, bool gzip = true)
    {
        byte[] Maybe(byte[] b) => gzip ? Gzip(b) : b;
        var ext = gzip ? ".gz" : "";
        Write(System.IO.Path.Combine(subdirectory, "train-images-idx3-ubyte" + ext), Maybe(IdxImages(train, 2, 3, i => (byte)(i % 251))));
        Write(System.IO.Path.Combine(subdirectory, "train-labels-idx1-ubyte" + ext), Maybe(IdxLabels([.. Enumerable.Range(0, train).Select(i => (byte)(i % 10))])));
        Write(System.IO.Path.Combine(subdirectory, "t10k-images-idx3-ubyte" + ext), Maybe(IdxImages(4, 2, 3, i => (byte)(255 - (i % 200)))));
        Write(System.IO.Path.Combine(subdirectory, "t10k-labels-idx1-ubyte" + ext), Maybe(IdxLabels(9, 2, 1, 1)));
        return Path(subdirectory);
    }

    public static byte[] CifarBatch(int records, int labelOffset = 0)
    {
        var bytes = new byte[records * 3073];
        for (var r = 0; r < records; r++)
        {
            bytes[r * 3073] = (byte)((r + labelOffset) % 10);
            for (var p = 0; p < 3072; p++)
            {
                // Channel c of every pixel is c * 100 + small noise: per-channel means differ clearly.
                bytes[(r * 3073) + 1 + p] = (byte)(((p / 1024) * 100) + ((r + p) % 7));
            }
        }

        return bytes;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
