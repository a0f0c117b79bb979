namespace HyperSearch.Data;

/// <summary>
/// Reads the CIFAR-10 binary version (https://www.cs.toronto.edu/~kriz/cifar.html): each record is
/// one label byte then 3,072 pixel bytes, the 1,024 red values first, then green, then blue (CHW).
/// </summary>
public static class Cifar10Reader
{
    public const int ImageBytes = 3 * 32 * 32;
    public const int RecordBytes = 1 + ImageBytes;
    public const int ClassCount = 10;

    /// <summary>The training batch files, in the order their rows are concatenated.</summary>
    public static readonly IReadOnlyList<string> TrainFiles =
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];

    public const string TestFile = "test_batch.bin";

    public static readonly IReadOnlyList<string> ClassNames =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>Reads one batch file (gzip'd or raw).</summary>
    public static RawSplit ReadBatch(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"CIFAR-10 batch {path} does not exist.", path);
        }

        using var stream = DataFiles.OpenMaybeGzip(path);
        return ReadBatch(stream, path);
    }

    public static RawSplit ReadBatch(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        try
        {
            stream.CopyTo(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException($"The gzip data is corrupt ({e.Message}).", source, innerException: e);
        }

        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (bytes.Length == 0)
        {
            throw new DatasetFormatException("The file is empty.", source);
        }

        if (bytes.Length % RecordBytes != 0)
        {
            throw new DatasetFormatException(
                $"The file is {bytes.Length} bytes, not a whole number of {RecordBytes}-byte CIFAR-10 records (1 label + {ImageBytes} pixels); it is truncated or not a CIFAR-10 binary batch.",
                source);
        }

        var count = bytes.Length / RecordBytes;
        var pixels = new byte[count * ImageBytes];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var record = bytes.Slice(i * RecordBytes, RecordBytes);
            if (record[0] >= ClassCount)
            {
                throw new DatasetFormatException(
                    $"Record {i} has label {record[0]}; CIFAR-10 labels are 0..9 (is this the CIFAR-100 format, which has 2 label bytes?).",
                    source);
            }

            labels[i] = record[0];
            record[1..].CopyTo(pixels.AsSpan(i * ImageBytes, ImageBytes));
        }

        return RawSplit.FromPixels(pixels, labels, ImageBytes);
    }

    /// <summary>Reads data_batch_1..5.bin as the training part and test_batch.bin as the test part.</summary>
    public static RawDataset ReadDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var train = RawSplit.Concat([.. TrainFiles.Select(f => ReadBatch(Path.Combine(directory, f)))]);
        var test = ReadBatch(Path.Combine(directory, TestFile));
        return new RawDataset(DatasetKind.Images, train, test, ClassCount, ClassNames, channels: 3);
    }
}
