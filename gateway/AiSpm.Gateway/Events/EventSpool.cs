using System.Buffers.Binary;
using System.Globalization;

namespace AiSpm.Gateway.Events;

/// <summary>
/// An append-only on-disk queue of batches: numbered segment files of length-prefixed, checksummed records, and a
/// cursor file saying how far delivery got. Records are read back in the order they were written. A torn record at
/// the tail (a crash mid-write) fails its checksum and is cut off when the spool is opened. Thread-safe.
/// </summary>
internal sealed class EventSpool : IDisposable
{
    private const int HeaderSize = 12;
    private const string Extension = ".seg";
    private const string CursorFile = "spool.cursor";
    private const int MaxRecordBytes = 64 * 1024 * 1024;

    private readonly Lock _gate = new();
    private readonly string _directory;
    private readonly long _maxBytes;
    private readonly long _segmentMaxBytes;
    private readonly SortedDictionary<long, long> _segments = [];
    private FileStream? _writer;
    private long _writeSegment;
    private long _readSegment;
    private long _readOffset;
    private long _pendingEvents;
    private long _bytes;

    public EventSpool(string directory, long maxBytes, long segmentMaxBytes)
    {
        _directory = directory;
        _maxBytes = maxBytes;
        _segmentMaxBytes = segmentMaxBytes;
        Storage.PrivateFiles.CreateDirectory(directory);
        Open();
    }

    /// <summary>Events written but not yet consumed.</summary>
    public long PendingEvents
    {
        get
        {
            lock (_gate)
            {
                return _pendingEvents;
            }
        }
    }

    /// <summary>Bytes on disk in segment files.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    public bool HasBacklog => PendingEvents > 0;

    /// <summary>Appends one record; false (nothing written) when it would take the spool past its size cap.</summary>
    public bool TryAppend(ReadOnlySpan<byte> payload, int eventCount)
    {
        lock (_gate)
        {
            var size = HeaderSize + payload.Length;
            if (_bytes + size > _maxBytes || payload.Length > MaxRecordBytes)
            {
                return false;
            }

            if (_writer is null || _writer.Length >= _segmentMaxBytes)
            {
                RollWriter();
            }

            Span<byte> header = stackalloc byte[HeaderSize];
            BinaryPrimitives.WriteInt32LittleEndian(header, payload.Length);
            BinaryPrimitives.WriteInt32LittleEndian(header[4..], eventCount);
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Checksum(payload));
            _writer!.Write(header);
            _writer.Write(payload);
            _writer.Flush();
            _segments[_writeSegment] = _writer.Length;
            _bytes += size;
            _pendingEvents += eventCount;
            return true;
        }
    }

    /// <summary>The oldest unconsumed record, without consuming it.</summary>
    public bool TryPeek(out SpoolRecord record)
    {
        lock (_gate)
        {
            while (true)
            {
                record = default;
                if (!_segments.TryGetValue(_readSegment, out var length))
                {
                    // The cursor points at a segment that is gone (consumed and deleted): move to the next one.
                    if (!TryNextSegment())
                    {
                        return false;
                    }

                    continue;
                }

                if (_readOffset + HeaderSize <= length && TryRead(_readSegment, _readOffset, out var payload, out var count))
                {
                    record = new SpoolRecord(payload, count, _readSegment, _readOffset + HeaderSize + payload.Length);
                    return true;
                }

                if (_readSegment == _writeSegment)
                {
                    return false;
                }

                if (!TryNextSegment())
                {
                    return false;
                }
            }
        }
    }

    /// <summary>Marks <paramref name="record"/> (the one <see cref="TryPeek"/> returned) as delivered.</summary>
    public void Advance(in SpoolRecord record)
    {
        lock (_gate)
        {
            if (record.Segment != _readSegment || record.NextOffset <= _readOffset)
            {
                return;
            }

            _readOffset = record.NextOffset;
            _pendingEvents -= record.EventCount;
            if (_readSegment == _writeSegment && _writer is not null && _readOffset >= _writer.Length)
            {
                // Everything written has been delivered: start a fresh segment so the old file can go.
                _writer.Dispose();
                _writer = null;
                DeleteSegment(_readSegment);
                _writeSegment++;
                _readSegment = _writeSegment;
                _readOffset = 0;
            }

            SaveCursor();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }

    private bool TryNextSegment()
    {
        long? next = null;
        foreach (var seq in _segments.Keys)
        {
            if (seq > _readSegment)
            {
                next = seq;
                break;
            }
        }

        if (_segments.ContainsKey(_readSegment) && _readSegment != _writeSegment)
        {
            DeleteSegment(_readSegment);
        }

        if (next is null)
        {
            return false;
        }

        _readSegment = next.Value;
        _readOffset = 0;
        SaveCursor();
        return true;
    }

    private void Open()
    {
        foreach (var file in Directory.EnumerateFiles(_directory, "*" + Extension))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                _segments[seq] = new FileInfo(file).Length;
            }
        }

        var cursor = Path.Combine(_directory, CursorFile);
        if (File.Exists(cursor))
        {
            var parts = File.ReadAllText(cursor).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                _readSegment = seq;
                _readOffset = offset;
            }
        }

        // Drop segments already consumed, validate the rest (cutting torn tails) and count what is pending.
        foreach (var seq in _segments.Keys.ToArray())
        {
            if (seq < _readSegment)
            {
                DeleteSegment(seq);
                continue;
            }

            var offset = seq == _readSegment ? _readOffset : 0;
            var good = offset;
            while (TryRead(seq, good, out var payload, out var count))
            {
                good += HeaderSize + payload.Length;
                _pendingEvents += count;
            }

            if (good < _segments[seq])
            {
                using (var fs = new FileStream(SegmentPath(seq), FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
                {
                    fs.SetLength(Math.Max(good, seq == _readSegment ? _readOffset : 0));
                }

                _segments[seq] = new FileInfo(SegmentPath(seq)).Length;
            }
        }

        foreach (var length in _segments.Values)
        {
            _bytes += length;
        }

        _writeSegment = _segments.Count > 0 ? Math.Max(_segments.Keys.Max() + 1, _readSegment) : _readSegment;
        if (!_segments.ContainsKey(_readSegment) && _segments.Count > 0)
        {
            _readSegment = _segments.Keys.Min();
            _readOffset = 0;
        }
        else if (_segments.Count == 0)
        {
            _readSegment = _writeSegment;
            _readOffset = 0;
        }
    }

    private void RollWriter()
    {
        if (_writer is not null)
        {
            _writer.Dispose();
            _writer = null;
            _writeSegment++;
        }

        _writer = Storage.PrivateFiles.OpenAppend(SegmentPath(_writeSegment), 64 * 1024);
        _segments[_writeSegment] = _writer.Length;
    }

    private bool TryRead(long seq, long offset, out byte[] payload, out int eventCount)
    {
        payload = [];
        eventCount = 0;
        var path = SegmentPath(seq);
        if (!File.Exists(path))
        {
            return false;
        }

        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (offset + HeaderSize > fs.Length)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        fs.Position = offset;
        fs.ReadExactly(header);
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        var count = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        var sum = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        if (length < 0 || length > MaxRecordBytes || count < 0 || offset + HeaderSize + length > fs.Length)
        {
            return false;
        }

        var data = new byte[length];
        fs.ReadExactly(data);
        if (Checksum(data) != sum)
        {
            return false;
        }

        payload = data;
        eventCount = count;
        return true;
    }

    private void DeleteSegment(long seq)
    {
        if (_segments.Remove(seq, out var length))
        {
            _bytes -= length;
        }

        File.Delete(SegmentPath(seq));
    }

    private void SaveCursor()
    {
        var path = Path.Combine(_directory, CursorFile);
        var tmp = path + ".tmp";
        Storage.PrivateFiles.WriteAllBytes(tmp, System.Text.Encoding.ASCII.GetBytes(_readSegment.ToString(CultureInfo.InvariantCulture) + " " + _readOffset.ToString(CultureInfo.InvariantCulture)));
        File.Move(tmp, path, overwrite: true);
    }

    private string SegmentPath(long seq) => Path.Combine(_directory, seq.ToString("D12", CultureInfo.InvariantCulture) + Extension);

    /// <summary>FNV-1a: enough to tell a torn or garbled record from a whole one.</summary>
    internal static uint Checksum(ReadOnlySpan<byte> data)
    {
        var h = 2166136261u;
        foreach (var b in data)
        {
            h = (h ^ b) * 16777619u;
        }

        return h;
    }
}
