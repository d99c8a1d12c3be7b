using System.Buffers;
using System.Buffers.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AiSpm.MockUpstream.Rendering;

/// <summary>Growable byte buffer on pooled arrays that also records where each SSE event ends.</summary>
internal sealed class ByteBuilder : IDisposable
{
    private byte[] _buffer;
    private int _length;
    private readonly List<int> _eventEnds = new(16);

    public ByteBuilder(int initialCapacity = 4096) => _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);

    public int Length => _length;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void Write(long value)
    {
        Ensure(20);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out var written);
        _length += written;
    }

    /// <summary>Writes a quoted JSON string. Relaxed escaping keeps non-ASCII text readable on the wire, as real providers do.</summary>
    public void WriteJsonString(string value)
    {
        var encoded = JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        Write("\""u8);
        Write(encoded.EncodedUtf8Bytes);
        Write("\""u8);
    }

    /// <summary>Ends the current SSE event (the caller has written its trailing blank line).</summary>
    public void EndEvent() => _eventEnds.Add(_length);

    public Rendered ToRendered()
    {
        if (_eventEnds.Count == 0 || _eventEnds[^1] != _length)
        {
            _eventEnds.Add(_length);
        }

        return new Rendered(_buffer.AsSpan(0, _length).ToArray(), [.. _eventEnds]);
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + extra));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
