using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.MemoryMappedFiles;
using System.Text.Json;
using AiSpm.Contracts;

namespace AiSpm.Gateway.Events;

/// <summary>Where one journaled event lives, so the batcher can mark it done once it is delivered or spooled.</summary>
internal readonly record struct JournalSlot(EventJournal.Segment? Segment, long Offset)
{
    public static readonly JournalSlot None = new(null, -1);
}

/// <summary>
/// A write-ahead journal of the events waiting in the hand-off's in-memory queue, in memory-mapped segment files. An
/// event is copied into a shared mapping before <see cref="EventHandoff.TryEmit"/> returns; the mapping is the page
/// cache, which outlives the process, so a gateway killed with SIGKILL leaves every queued event on disk. The next
/// start hands the events still marked pending to the spool (<see cref="Recover"/>); delivery is idempotent by event id,
/// so one that was delivered just before the kill is stored once. Costs one serialization and one copy per event, no
/// system call. (Power loss is another matter: the page cache is not flushed per event.)
/// </summary>
/// <remarks>
/// Record: state (4 bytes: 0 never written, 1 pending, 2 done), payload length (4), checksum of the payload (FNV-1a, as the spool) (4), the
/// event's JSON, padded to 8 bytes. The state is written last, so a record cut by a kill mid-copy is never pending.
/// </remarks>
internal sealed class EventJournal : IDisposable
{
    private const int HeaderSize = 12;
    private const int Pending = 1;
    private const int Done = 2;
    private const string Extension = ".jnl";

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private readonly Lock _gate = new();
    private readonly string _directory;
    private readonly long _segmentBytes;
    private Segment? _active;
    private long _nextSequence;
    private bool _disposed;

    public EventJournal(string directory, long segmentBytes)
    {
        _directory = directory;
        _segmentBytes = segmentBytes;
        Storage.PrivateFiles.CreateDirectory(directory);
        _nextSequence = NextFreeSequence(directory);
    }

    /// <summary>Segment files on disk (for tests and metrics).</summary>
    public int SegmentFiles => Directory.GetFiles(_directory, "*" + Extension).Length;

    /// <summary>
    /// The events a previous process left pending, oldest first, with the files that held them. The caller hands them
    /// on (to the spool) and then calls <see cref="DeleteRecovered"/>; a crash between the two replays them again.
    /// </summary>
    public static (List<DetectionEvent> Events, string[] Files) Recover(string directory)
    {
        var events = new List<DetectionEvent>();
        if (!Directory.Exists(directory))
        {
            return (events, []);
        }

        var files = Directory.GetFiles(directory, "*" + Extension);
        Array.Sort(files, StringComparer.Ordinal);
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            var offset = 0;
            while (offset + HeaderSize <= bytes.Length)
            {
                var state = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset));
                var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4));
                if (state == 0 || length <= 0 || offset + HeaderSize + length > bytes.Length)
                {
                    break;
                }

                var payload = bytes.AsSpan(offset + HeaderSize, length);
                if (state == Pending && BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 8)) == EventSpool.Checksum(payload)
                    && TryDecode(payload) is { } e)
                {
                    events.Add(e);
                }

                offset += Align(HeaderSize + length);
            }
        }

        return (events, files);
    }

    public static void DeleteRecovered(string[] files)
    {
        foreach (var file in files)
        {
            File.Delete(file);
        }
    }

    /// <summary>Copies <paramref name="e"/> into the journal. Returns <see cref="JournalSlot.None"/> if it could not (disk full, disposed).</summary>
    public JournalSlot Append(DetectionEvent e)
    {
        // Serialized outside the lock into this thread's reused buffer: no allocation per event.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, e, ContractsJsonContext.Default.DetectionEvent);
        var payload = buffer.WrittenSpan;
        var size = Align(HeaderSize + payload.Length);
        var crc = EventSpool.Checksum(payload);
        lock (_gate)
        {
            if (_disposed)
            {
                return JournalSlot.None;
            }

            if (_active is null || _active.Position + size > _active.Capacity)
            {
                Rotate(Math.Max(_segmentBytes, size));
            }

            var segment = _active!;
            var offset = segment.Position;
            segment.Accessor.Write(offset + 4, payload.Length);
            segment.Accessor.Write(offset + 8, crc);
            segment.Write(offset + HeaderSize, payload);
            segment.Accessor.Write(offset, Pending);
            segment.Position += size;
            segment.Live++;
            return new JournalSlot(segment, offset);
        }
    }

    /// <summary>The event in <paramref name="slot"/> was delivered, spooled, refused or dropped: it needs no replay.</summary>
    public void MarkDone(JournalSlot slot)
    {
        if (slot.Segment is not { } segment)
        {
            return;
        }

        lock (_gate)
        {
            if (segment.Closed)
            {
                return;
            }

            segment.Accessor.Write(slot.Offset, Done);
            if (--segment.Live == 0 && !ReferenceEquals(segment, _active))
            {
                segment.Close(delete: true);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            if (_active is { } active)
            {
                // An orderly stop drained the queue: nothing pending, so nothing to leave behind.
                active.Close(delete: active.Live == 0);
                _active = null;
            }
        }
    }

    private void Rotate(long capacity)
    {
        // A full segment stays until its last event is marked done (MarkDone deletes it then).
        if (_active is { Live: 0 } previous)
        {
            previous.Close(delete: true);
        }

        var path = Path.Combine(_directory, _nextSequence.ToString("D12", CultureInfo.InvariantCulture) + Extension);
        _nextSequence++;
        _active = Segment.Create(path, capacity);
    }

    private static long NextFreeSequence(string directory)
    {
        long next = 0;
        foreach (var file in Directory.GetFiles(directory, "*" + Extension))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                next = Math.Max(next, seq + 1);
            }
        }

        return next;
    }

    private static DetectionEvent? TryDecode(ReadOnlySpan<byte> payload)
    {
        try
        {
            return JsonSerializer.Deserialize(payload, ContractsJsonContext.Default.DetectionEvent);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int Align(int size) => (size + 7) & ~7;

    /// <summary>One mapped segment file. Guarded by the journal's lock.</summary>
    internal sealed class Segment
    {
        private readonly string _path;
        private readonly MemoryMappedFile _map;

        private Segment(string path, MemoryMappedFile map, MemoryMappedViewAccessor accessor, long capacity)
        {
            _path = path;
            _map = map;
            Accessor = accessor;
            Capacity = capacity;
        }

        public MemoryMappedViewAccessor Accessor { get; }
        public long Capacity { get; }
        public long Position { get; set; }
        public int Live { get; set; }
        public bool Closed { get; private set; }

        /// <summary>Copies bytes into the mapping (the accessor's WriteArray takes only arrays).</summary>
        public unsafe void Write(long offset, ReadOnlySpan<byte> bytes)
        {
            byte* start = null;
            var handle = Accessor.SafeMemoryMappedViewHandle;
            handle.AcquirePointer(ref start);
            try
            {
                bytes.CopyTo(new Span<byte>(start + Accessor.PointerOffset + offset, bytes.Length));
            }
            finally
            {
                handle.ReleasePointer();
            }
        }

        public static Segment Create(string path, long capacity)
        {
            // Created owner-only like the spool: it holds the same evidence.
            Storage.PrivateFiles.WriteAllBytes(path, []);
            var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, capacity, MemoryMappedFileAccess.ReadWrite);
            try
            {
                return new Segment(path, map, map.CreateViewAccessor(0, capacity, MemoryMappedFileAccess.ReadWrite), capacity);
            }
            catch
            {
                map.Dispose();
                throw;
            }
        }

        public void Close(bool delete)
        {
            if (Closed)
            {
                return;
            }

            Closed = true;
            Accessor.Dispose();
            _map.Dispose();
            if (delete)
            {
                File.Delete(_path);
            }
        }
    }
}
