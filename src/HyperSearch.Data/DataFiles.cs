using System.IO.Compression;

namespace HyperSearch.Data;

/// <summary>Shared file plumbing for the binary readers: transparent gzip and exact reads.</summary>
internal static class DataFiles
{
    /// <summary>Opens a file, decompressing it when it starts with the gzip magic (1f 8b) whatever its name.</summary>
    public static Stream OpenMaybeGzip(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        try
        {
            Span<byte> magic = stackalloc byte[2];
            var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            file.Position = 0;
            return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b
                ? new BufferedStream(new GZipStream(file, CompressionMode.Decompress), 1 << 16)
                : file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the bytes read.</summary>
    public static int ReadFully(Stream stream, Span<byte> buffer, string source)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException($"The gzip data is corrupt ({e.Message}).", source, innerException: e);
        }
    }

    /// <summary>True when the stream still has bytes (used to reject files longer than their header says).</summary>
    public static bool HasMore(Stream stream, string source)
    {
        Span<byte> one = stackalloc byte[1];
        return ReadFully(stream, one, source) == 1;
    }
}
