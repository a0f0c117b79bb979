using System.Buffers.Binary;

namespace HyperSearch.Data;

/// <summary>
/// Reads the IDX files of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/): a magic
/// number 0x00000800 | type | dimension count, big-endian int32 dimensions, then the data. Only
/// unsigned-byte files are used by these datasets: 0x801 labels and 0x803 images. Files may be
/// gzip'd or raw; gzip is detected by content, not by name.
/// </summary>
public static class IdxReader
{
    public const int LabelsMagic = 0x00000801;
    public const int ImagesMagic = 0x00000803;

    public static IdxImages ReadImages(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = OpenExisting(path);
        return ReadImages(stream, path);
    }

    public static IdxImages ReadImages(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var dims = ReadHeader(stream, source, ImagesMagic, "images");
        var (count, rows, columns) = (dims[0], dims[1], dims[2]);
        if (rows == 0 || columns == 0)
        {
            throw new DatasetFormatException($"The header declares {rows}x{columns} images; both dimensions must be positive.", source);
        }

        var length = (long)count * rows * columns;
        if (length > Array.MaxLength)
        {
            throw new DatasetFormatException($"The header declares {count} images of {rows}x{columns}, more than fits in memory; the dimensions are wrong.", source);
        }

        var pixels = ReadBody(stream, source, (int)length, $"{count} images of {rows}x{columns} bytes");
        return new IdxImages(count, rows, columns, pixels);
    }

    public static byte[] ReadLabels(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = OpenExisting(path);
        return ReadLabels(stream, path);
    }

    public static byte[] ReadLabels(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var dims = ReadHeader(stream, source, LabelsMagic, "labels");
        return ReadBody(stream, source, dims[0], $"{dims[0]} labels");
    }

    /// <summary>
    /// Reads an image file and its label file as one split, checking the counts agree and every
    /// label is below <paramref name="classCount"/>.
    /// </summary>
    public static RawSplit ReadLabelledImages(string imagesPath, string labelsPath, int classCount)
    {
        var images = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath);
        if (labels.Length != images.Count)
        {
            throw new DatasetFormatException(
                $"{images.Count} images in {imagesPath} but {labels.Length} labels in {labelsPath}; the files do not belong together.",
                labelsPath);
        }

        var ids = new int[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classCount)
            {
                throw new DatasetFormatException($"Label {labels[i]} at index {i} is outside 0..{classCount - 1}.", labelsPath);
            }

            ids[i] = labels[i];
        }

        return RawSplit.FromPixels(images.Pixels, ids, images.PixelsPerImage);
    }

    private static Stream OpenExisting(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"IDX file {path} does not exist.", path);
        }

        return DataFiles.OpenMaybeGzip(path);
    }

    private static int[] ReadHeader(Stream stream, string source, int expectedMagic, string what)
    {
        Span<byte> magicBytes = stackalloc byte[4];
        var read = DataFiles.ReadFully(stream, magicBytes, source);
        if (read == 0)
        {
            throw new DatasetFormatException("The file is empty.", source);
        }

        if (read < 4)
        {
            throw new DatasetFormatException($"The file is truncated: {read} bytes, shorter than the 4-byte IDX magic number.", source);
        }

        var magic = BinaryPrimitives.ReadInt32BigEndian(magicBytes);
        if (magic != expectedMagic)
        {
            var hint = magic switch
            {
                LabelsMagic => " (an IDX labels file)",
                ImagesMagic => " (an IDX images file)",
                _ when magicBytes[0] == 0x1f && magicBytes[1] == 0x8b => " (gzip inside gzip?)",
                _ => " (not an IDX unsigned-byte file)",
            };
            throw new DatasetFormatException(
                $"Bad magic number 0x{magic:X8}{hint}; IDX {what} files start with 0x{expectedMagic:X8}.", source);
        }

        var dimensionCount = expectedMagic & 0xFF;
        Span<byte> dimBytes = stackalloc byte[4 * 3];
        dimBytes = dimBytes[..(4 * dimensionCount)];
        read = DataFiles.ReadFully(stream, dimBytes, source);
        if (read < dimBytes.Length)
        {
            throw new DatasetFormatException($"The file is truncated inside its header ({4 + read} of {4 + dimBytes.Length} header bytes).", source);
        }

        var dims = new int[dimensionCount];
        for (var i = 0; i < dimensionCount; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(dimBytes[(4 * i)..]);
            if (dims[i] < 0)
            {
                throw new DatasetFormatException($"Dimension {i} of the header is negative ({dims[i]}); the dimensions are wrong.", source);
            }
        }

        if (dims[0] == 0)
        {
            throw new DatasetFormatException($"The header declares 0 {what}.", source);
        }

        return dims;
    }

    private static byte[] ReadBody(Stream stream, string source, int length, string declared)
    {
        var body = new byte[length];
        var read = DataFiles.ReadFully(stream, body, source);
        if (read < length)
        {
            throw new DatasetFormatException($"The file is truncated: the header declares {declared} ({length} bytes) but only {read} follow.", source);
        }

        if (DataFiles.HasMore(stream, source))
        {
            throw new DatasetFormatException($"The file has bytes after the {declared} its header declares; the dimensions are wrong.", source);
        }

        return body;
    }
}
