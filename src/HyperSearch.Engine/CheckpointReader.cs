using System.Buffers.Binary;
using System.Runtime.InteropServices;
using HyperSearch.Core;

namespace HyperSearch.Engine;

/// <summary>
/// Little-endian reader of a checkpoint image, the mirror of <see cref="CheckpointWriter"/>. Every read
/// is bounds-checked and a short image throws <see cref="InvalidDataException"/>, never an index error.
/// </summary>
internal ref struct CheckpointReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public CheckpointReader(ReadOnlySpan<byte> buffer, int position = 0)
    {
        _buffer = buffer;
        _position = position;
    }

    public readonly int Position => _position;

    public byte Byte() => Take(1)[0];

    public bool Bool() => Byte() switch
    {
        0 => false,
        1 => true,
        var b => throw new InvalidDataException($"Training checkpoint: a flag holds {b}, not 0 or 1 (corrupted)."),
    };

    public ushort UInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public uint UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public ulong UInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public float Single() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public RngState Rng() => new(UInt64(), UInt64(), UInt64(), UInt64(), Double(), Bool());

    /// <summary>A count that sizes what follows: non-negative, or the image is corrupted.</summary>
    public int Count(string what)
    {
        int n = Int32();
        return n >= 0 ? n : throw new InvalidDataException($"Training checkpoint: {what} is {n} (corrupted).");
    }

    public void Floats(Span<float> destination)
    {
        ReadOnlySpan<byte> source = Take(checked(destination.Length * sizeof(float)));
        if (BitConverter.IsLittleEndian)
        {
            source.CopyTo(MemoryMarshal.AsBytes(destination));
        }
        else
        {
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * sizeof(float))..]);
            }
        }
    }

    /// <summary>Moves past <paramref name="floats"/> values without reading them (the header parse skips the bulk).</summary>
    public void SkipFloats(int floats) => Take(checked(floats * sizeof(float)));

    private ReadOnlySpan<byte> Take(int bytes)
    {
        if (bytes > _buffer.Length - _position)
        {
            throw new InvalidDataException(
                $"Training checkpoint is truncated: {bytes} more bytes needed at offset {_position} of {_buffer.Length}.");
        }

        var span = _buffer.Slice(_position, bytes);
        _position += bytes;
        return span;
    }
}
