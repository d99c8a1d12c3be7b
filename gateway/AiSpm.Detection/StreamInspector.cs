using AiSpm.Detection.Engines;
using AiSpm.Detection.Normalization;

namespace AiSpm.Detection;

/// <summary>
/// Stream-mode scan of one streamed response: text deltas are fed in order and a match that spans deltas is still
/// found (Hyperscan stream mode on the Hyperscan engine). Finding offsets are absolute positions in the concatenation
/// of every text fed so far. A finding that grows as more text arrives is updated in place in the context's list.
/// Not thread-safe: one stream, one reader.
/// </summary>
public sealed class StreamInspector : IDisposable
{
    private readonly Inspector _inspector;
    private readonly IMatchStream _stream;
    private readonly ScanContext _context;
    private readonly NormalizedText _text = new();
    private readonly MatchSink _sink = new();
    private readonly List<(int Rule, int Start, int FindingIndex)> _emitted = [];
    private readonly FindingList _scratch = new(2);
    private NormalizerState _state;
    private bool _completed;

    internal StreamInspector(Inspector inspector, IMatchStream stream, ScanContext context)
    {
        _inspector = inspector;
        _stream = stream;
        _context = context;
        _sink.Reset(inspector.Rules.Count);
    }

    /// <summary>Bytes of text fed so far.</summary>
    public long Position { get; private set; }

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
        foreach (var m in _sink.Matches)
        {
            scratch.Clear();
            _inspector.AddIfConfirmed(m, ScanPhase.Response, _text, single, scratch);
            if (scratch.Count == 0)
            {
                continue;
            }

            var finding = scratch[0];
            var existing = -1;
            for (var i = 0; i < _emitted.Count; i++)
            {
                var (rule, start, index) = _emitted[i];
                if (rule == m.Rule && start == m.Start)
                {
                    existing = index;
                    break;
                }
            }

            if (existing >= 0)
            {
                _context.Findings.Set(existing, finding);
            }
            else
            {
                _emitted.Add((m.Rule, m.Start, _context.Findings.Count));
                _context.Findings.Add(finding);
            }
        }
    }

    public void Dispose()
    {
        _completed = true;
        _stream.Dispose();
    }
}
