using AiSpm.Detection.Engines;
using AiSpm.Detection.Normalization;

namespace AiSpm.Detection;

/// <summary>
/// Stream-mode scan of one streamed response: text deltas are fed in order and a match that spans deltas is still
/// found (Hyperscan stream mode on the Hyperscan engine). Finding offsets are absolute positions in the concatenation
/// of every text fed so far. A finding that grows as more text arrives is updated in place in the context's list.
/// Not thread-safe: one stream, one reader. Instances are pooled by the <see cref="Inspector"/>: after
/// <see cref="Dispose"/> the object may serve another response, so a caller must not touch it again.
/// </summary>
public sealed class StreamInspector : IDisposable
{
    /// <summary>A stream whose normalized text grew past this is not pooled, so a pool never pins huge buffers.</summary>
    internal const int MaxPooledTextBytes = 64 * 1024;

    private readonly Inspector _inspector;
    private readonly IMatchStream _stream;
    private readonly NormalizedText _text = new();
    private readonly MatchSink _sink = new();

    // (rule, start) of every span published so far: its end at the last check and its index in the findings (-1 if
    // it never passed validation), so a span that did not change is not validated again.
    private readonly Dictionary<long, Emitted> _emitted = [];
    private readonly FindingList _scratch = new(2);
    private ScanContext? _context;
    private NormalizerState _state;
    private bool _completed = true;
    private bool _rented;

    internal StreamInspector(Inspector inspector, IMatchStream stream)
    {
        _inspector = inspector;
        _stream = stream;
    }

    /// <summary>Bytes of text fed so far.</summary>
    public long Position { get; private set; }

    internal int TextLength => _text.Length;

    /// <summary>Hands the (new or pooled, reset) stream to one response.</summary>
    internal void Start(ScanContext context)
    {
        _context = context;
        _sink.Reset(_inspector.Rules.Count);
        _completed = false;
        _rented = true;
    }

    /// <summary>Back to the state of a new instance; false if the engine stream cannot be reused.</summary>
    internal bool TryReset()
    {
        _context = null;
        _text.Clear();
        _emitted.Clear();
        _state = default;
        Position = 0;
        _completed = true;
        return _stream.TryReset();
    }

    /// <summary>Releases the engine stream of an instance that leaves the pool for good.</summary>
    internal void Release() => _stream.Dispose();

    /// <summary>Feeds one already-unescaped UTF-8 delta (content or tool-call arguments).</summary>
    public void FeedText(ReadOnlySpan<byte> utf8Delta)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (utf8Delta.IsEmpty)
        {
            return;
        }

        var pieceStart = _text.Length;
        Normalizer.Append(utf8Delta, jsonEscaped: false, (int)Position, _text, ref _state);
        Position += utf8Delta.Length;

        // Whitespace folding may have extended the previous byte instead of adding one.
        if (_text.Length > pieceStart)
        {
            _stream.Feed(_text.Bytes, pieceStart, _sink);
            Publish();
        }
    }

    /// <summary>A tool call named in the stream; checked against the tools the request declared.</summary>
    public void FeedToolCall(ReadOnlySpan<byte> utf8Name)
    {
        ObjectDisposedException.ThrowIf(_context is null, this);
        _inspector.CheckToolCall(utf8Name, (int)Position, (int)Position, _context);
    }

    /// <summary>End of stream: reports matches that only complete at end of data.</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        _stream.Complete(_text.Bytes, _sink);
        _completed = true;
        Publish();
    }

    private void Publish()
    {
        _sink.Canonicalize();
        Span<int> single = [0];
        var scratch = _scratch;
        var findings = _context!.Findings;
        // Entries the canonicalization did not touch were looked at by an earlier publish and have not changed since.
        var matches = _sink.Matches;
        foreach (var changed in _sink.Changed)
        {
            var m = matches[changed];
            // Spans only grow at their end; one that is unchanged since the last publish has nothing new to say.
            var key = ((long)m.Rule << 32) | (uint)m.Start;
            var known = _emitted.TryGetValue(key, out var emitted);
            if (known && emitted.End == m.End)
            {
                continue;
            }

            scratch.Clear();
            _inspector.AddIfConfirmed(m, ScanPhase.Response, _text, single, scratch);
            var index = known ? emitted.FindingIndex : -1;
            if (scratch.Count > 0)
            {
                if (index >= 0)
                {
                    findings.Set(index, scratch[0]);
                }
                else
                {
                    index = findings.Count;
                    findings.Add(scratch[0]);
                    _stream.Settle(m.Rule);
                }
            }

            _emitted[key] = new Emitted(m.End, index);
        }
    }

    /// <summary>Ends this stream's use; the instance goes back to its inspector's pool.</summary>
    public void Dispose()
    {
        if (!_rented)
        {
            return;
        }

        _rented = false;
        _completed = true;
        _inspector.ReturnStream(this);
    }

    private readonly record struct Emitted(int End, int FindingIndex);
}
