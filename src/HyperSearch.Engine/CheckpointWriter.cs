using System.Buffers.Binary;
using System.Runtime.InteropServices;
using HyperSearch.Core;

namespace HyperSearch.Engine;

/// <summary>
/// Little-endian writer of a checkpoint image. Constructed over an empty span it only counts bytes,
/// so one layout routine both sizes the image and fills it (the two can never disagree).
/// </summary>
internal ref struct CheckpointWriter
{
    private readonly Span<byte> _buffer;
    private readonly bool _measuring;
    private int _position;

    public CheckpointWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _measuring = buffer.IsEmpty;
        _position = 0;
    }

    public readonly int Position => _position;

    public void Byte(byte value)
    {
        if (!_measuring)
        {
            _buffer[_position] = value;
        }

        _position += 1;
    }

    public void Bool(bool value) => Byte(value ? (byte)1 : (byte)0);

    public void UInt16(ushort value)
    {
        if (!_measuring)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(_buffer[_position..], value);
        }

        _position += 2;
    }

    public void Int32(int value)
    {
        if (!_measuring)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_buffer[_position..], value);
        }

        _position += 4;
    }

    public void UInt32(uint value)
    {
        if (!_measuring)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_buffer[_position..], value);
        }

        _position += 4;
    }

    public void Int64(long value)
    {
        if (!_measuring)
        {
            BinaryPrimitives.WriteInt64LittleEndian(_buffer[_position..], value);
        }

        _position += 8;
    }

    public void UInt64(ulong value)
    {
        if (!_measuring)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(_buffer[_position..], value);
        }

        _position += 8;
    }

    public void Single(float value)
    {
        if (!_measuring)
        {
            BinaryPrimitives.WriteSingleLittleEndian(_buffer[_position..], value);
        }

        _position += 4;
    }

    public void Double(double value)
    {
        if (!_measuring)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(_buffer[_position..], value);
        }

        _position += 8;
    }

    public void Rng(RngState state)
    {
        UInt64(state.S0);
        UInt64(state.S1);
        UInt64(state.S2);
        UInt64(state.S3);
        Double(state.Spare);
        Bool(state.HasSpare);
    }

    /// <summary>The bulk of an image (parameters, optimiser buffers): one block copy on little-endian hosts.</summary>
    public void Floats(ReadOnlySpan<float> values)
    {
        if (!_measuring)
        {
            Span<byte> target = _buffer.Slice(_position, values.Length * sizeof(float));
            if (BitConverter.IsLittleEndian)
            {
                MemoryMarshal.AsBytes(values).CopyTo(target);
            }
            else
            {
                for (int i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(target[(i * sizeof(float))..], values[i]);
                }
            }
        }

        _position += values.Length * sizeof(float);
    }
}
