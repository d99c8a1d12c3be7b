using System.Buffers;

namespace AiSpm.Gateway.Buffers;

/// <summary>A request or response body held in one rented array; returned to the pool on dispose.</summary>
internal sealed class PooledBody : IBufferWriter<byte>, IDisposable
{
    private byte[]? _array;

    public PooledBody(int capacity)
    {
        _array = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 256));
    }

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, Length);

    public ReadOnlySpan<byte> Span => _array.AsSpan(0, Length);

    public Span<byte> GetSpan(int sizeHint)
    {
        EnsureCapacity(Length + Math.Max(sizeHint, 1));
        return _array.AsSpan(Length);
    }

    public Memory<byte> GetMemory(int sizeHint)
    {
        EnsureCapacity(Length + Math.Max(sizeHint, 1));
        return _array.AsMemory(Length);
    }

    public void Advance(int count) => Length += count;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        Length += bytes.Length;
    }

    /// <summary>Drops the first <paramref name="count"/> bytes, moving the rest to the front.</summary>
    public void Compact(int count)
    {
        if (count <= 0)
        {
            return;
        }

        ObjectDisposedException.ThrowIf(_array is null, this);
        _array.AsSpan(count, Length - count).CopyTo(_array);
        Length -= count;
    }

    public void Dispose()
    {
        var array = _array;
        _array = null;
        if (array is not null)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private void EnsureCapacity(int needed)
    {
        ObjectDisposedException.ThrowIf(_array is null, this);
        if (needed <= _array.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _array.Length * 2));
        _array.AsSpan(0, Length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_array);
        _array = larger;
    }
}
